package io.kedge.console.support;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keeps other sites from setting desired values through an administrator's browser, which sends the
 * console's credentials with any request to it. A change must carry this page's token in a request
 * header: only a page of the console's own origin can read the token, and a cross-site page cannot
 * add a custom header without a CORS grant the console never gives. A request that says where it
 * comes from ({@code Origin}) must come from the console's own origin as well.
 */
public final class CsrfGuard {
    /** The request header that carries the token; the shared page script ({@link LiveTablePage#SCRIPT}) sets it. */
    public static final String HEADER = "X-Kedge-Token";

    private final String token;

    public CsrfGuard() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** What the page hands its script. */
    public String token() {
        return token;
    }

    /**
     * @param sentToken  the {@value #HEADER} header, null when absent
     * @param origin     the {@code Origin} header, null when absent
     * @param ownOrigin  {@code scheme://host[:port]} the request was addressed to
     */
    public boolean allows(String sentToken, String origin, String ownOrigin) {
        if (sentToken == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                sentToken.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        return origin == null || origin.equalsIgnoreCase(ownOrigin);
    }

    /** {@link #allows(String, String, String)} for a request, its own origin being the one it was addressed to. */
    public boolean allows(HttpServletRequest request) {
        return allows(request.getHeader(HEADER), request.getHeader("Origin"),
                request.getScheme() + "://" + request.getHeader("Host"));
    }
}
