package io.kedge.mesh.api;

import java.util.Objects;

/**
 * How a service's connections are spread over its ready endpoints. Set per service by the
 * annotations {@value #POLICY_ANNOTATION} and {@value #HASH_KEY_ANNOTATION}; spec.sessionAffinity
 * {@code ClientIP} sets {@link #affinitySeconds}.
 *
 * @param policy          the choice among ready endpoints
 * @param hashKey         for {@link Policy#CONSISTENT_HASH}: {@code source-ip}, or {@code header:NAME} for an HTTP header
 * @param affinitySeconds above 0: a client IP keeps its endpoint for that long after its last connection
 */
public record LoadBalancing(Policy policy, String hashKey, int affinitySeconds) {
    public static final String POLICY_ANNOTATION = "mesh.kedge.io/lb-policy";
    public static final String HASH_KEY_ANNOTATION = "mesh.kedge.io/hash-key";
    public static final String SOURCE_IP = "source-ip";
    public static final String HEADER_PREFIX = "header:";
    public static final LoadBalancing DEFAULT = new LoadBalancing(Policy.ROUND_ROBIN, SOURCE_IP, 0);

    public enum Policy { ROUND_ROBIN, RANDOM, CONSISTENT_HASH }

    public LoadBalancing {
        Objects.requireNonNull(policy, "policy");
        hashKey = hashKey == null || hashKey.isBlank() ? SOURCE_IP : hashKey;
        if (affinitySeconds < 0) {
            throw new IllegalArgumentException("affinitySeconds must not be negative: " + affinitySeconds);
        }
    }

    /** The header a CONSISTENT_HASH policy hashes on, if it hashes on one. */
    public java.util.Optional<String> hashHeader() {
        return hashKey.startsWith(HEADER_PREFIX) ? java.util.Optional.of(hashKey.substring(HEADER_PREFIX.length()))
                : java.util.Optional.empty();
    }
}
