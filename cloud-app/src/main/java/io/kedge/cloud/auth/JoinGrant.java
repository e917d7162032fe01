package io.kedge.cloud.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * What a verified join token allows: its id ({@code jti}), the one node it admits (empty for a
 * cluster-wide token) and when it expires. A node-bound token is single use.
 */
public record JoinGrant(String id, Optional<String> node, Instant expiry) {
    public boolean singleUse() {
        return node.isPresent();
    }

    /** The token's scope in words, for refusals and logs (never the token itself). */
    public String describe() {
        return node.map(name -> "single-use token " + id + " for node " + name)
                .orElse("cluster-wide token " + id);
    }
}
