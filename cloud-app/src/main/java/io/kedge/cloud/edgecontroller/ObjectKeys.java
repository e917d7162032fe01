package io.kedge.cloud.edgecontroller;

import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' naming rules for the namespace and name a node puts in a resource path, checked before
 * anything is looked up: a key that breaks them ({@code ../x}, {@code Bad_NS}) can never name an
 * object, so it is refused for good instead of reaching the API server's URL.
 */
public final class ObjectKeys {
    private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS_1123_LABEL = Pattern.compile(LABEL);
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final int MAX_LABEL = 63;
    private static final int MAX_SUBDOMAIN = 253;

    private ObjectKeys() {
    }

    /** Why the namespace and name of {@code path} cannot name a namespaced object, or empty when they can. */
    public static Optional<String> invalidNamespacedKey(ResourcePath path) {
        if (!isLabel(path.namespace())) {
            return Optional.of(refusal("namespace", path.namespace(), "a DNS-1123 label"));
        }
        if (!isSubdomain(path.name())) {
            return Optional.of(refusal("name", path.name(), "a DNS-1123 subdomain"));
        }
        return Optional.empty();
    }

    static boolean isLabel(String text) {
        return text.length() <= MAX_LABEL && DNS_1123_LABEL.matcher(text).matches();
    }

    static boolean isSubdomain(String text) {
        return text.length() <= MAX_SUBDOMAIN && DNS_1123_SUBDOMAIN.matcher(text).matches();
    }

    private static String refusal(String what, String value, String rule) {
        String cut = value.length() > MAX_LABEL ? value.substring(0, MAX_LABEL) + "..." : value;
        String shown = cut.replaceAll("\\p{Cntrl}", "?"); // it goes into logs
        return ProtocolException.Reason.BAD_RESOURCE + ": " + what + " '" + shown + "' is not " + rule;
    }
}
