package io.kedge.cloud.auth;

import io.kedge.cloud.auth.InvalidTokenException.Reason;
import io.kedge.protocol.join.JoinContract;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Decides whether a join token admits a node: {@link JoinTokens} checks the token itself, this adds
 * what depends on the request and on the cluster's record: the node name the token is bound to,
 * whether a single-use token was used already, and (for renewals) whether the node was revoked.
 *
 * <p>A single-use token is consumed by {@link #redeem} once its certificate is signed and before
 * it is handed out, so a failed request (bad CSR, wrong name) does not waste it, and of two
 * concurrent requests with one token only one gets a certificate.
 */
public final class JoinAdmission {
    private final JoinTokens tokens;
    private final UsedTokenIds used;
    private final NodeRevocations revocations;

    public JoinAdmission(JoinTokens tokens, UsedTokenIds used) {
        this(tokens, used, NodeRevocations.none());
    }

    /** @param revocations nodes whose current certificates may not be renewed; a new token still admits them */
    public JoinAdmission(JoinTokens tokens, UsedTokenIds used, NodeRevocations revocations) {
        this.tokens = tokens;
        this.used = used;
        this.revocations = revocations;
    }

    /** Why {@code certificate} of {@code nodeName} may not be renewed because the node was revoked, if so. */
    public Optional<String> revoked(String nodeName, X509Certificate certificate) {
        return revocations.refusal(nodeName, certificate);
    }

    /**
     * The grant of an {@code Authorization} header's bearer token: the full token or, as KubeEdge's
     * edgecore sends it, only its JWT part.
     */
    public JoinGrant verifyBearer(String authorization) throws InvalidTokenException {
        if (authorization == null || authorization.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING, "send 'Authorization: Bearer <token>'");
        }
        if (!authorization.regionMatches(true, 0, JoinContract.BEARER, 0, JoinContract.BEARER.length())) {
            throw new InvalidTokenException(Reason.MALFORMED, "expected a Bearer token");
        }
        String token = authorization.substring(JoinContract.BEARER.length()).trim();
        long dots = token.chars().filter(c -> c == '.').count();
        return dots == 2 ? tokens.verifyJwt(token) : tokens.verify(token);
    }

    /** Whether {@code grant} admits {@code nodeName} now: the right node, and not used yet. */
    public void check(JoinGrant grant, String nodeName) throws InvalidTokenException, UsedTokenIds.UnavailableException {
        if (grant.node().isPresent() && !grant.node().get().equals(nodeName)) {
            throw new InvalidTokenException(Reason.WRONG_NODE,
                    "it admits node " + grant.node().get() + ", not " + nodeName);
        }
        if (grant.singleUse() && used.isUsed(grant.id())) {
            throw alreadyUsed(grant);
        }
    }

    /** Consumes a single-use token; a cluster-wide one stays valid until it expires. */
    public void redeem(JoinGrant grant, String nodeName) throws InvalidTokenException, UsedTokenIds.UnavailableException {
        if (grant.singleUse() && !used.markUsed(grant.id(), nodeName, grant.expiry())) {
            throw alreadyUsed(grant);
        }
    }

    private static InvalidTokenException alreadyUsed(JoinGrant grant) {
        return new InvalidTokenException(Reason.ALREADY_USED, grant.describe()
                + " admitted its node before; create a new one with 'kedge token create --node "
                + grant.node().orElse("NAME") + "'");
    }
}
