package io.kedge.protocol;

import java.util.Set;

/** Operation names as KubeEdge uses them on the wire, and Kedge's {@link #ACK}. */
public final class Operations {
    public static final String INSERT = "insert";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String PATCH = "patch";
    public static final String QUERY = "query";
    public static final String UPLOAD = "upload";
    public static final String RESPONSE = "response";
    public static final String ERROR = "error";
    public static final String KEEPALIVE = "keepalive";
    /**
     * Kedge only: several messages taken at once, where each would otherwise get an empty
     * {@code response} of its own; see {@link Acks}. Never answered.
     */
    public static final String ACK = "ack";

    private static final Set<String> KNOWN =
            Set.of(INSERT, UPDATE, DELETE, PATCH, QUERY, UPLOAD, RESPONSE, ERROR, KEEPALIVE, ACK);

    private Operations() {
    }

    public static boolean isKnown(String operation) {
        return KNOWN.contains(operation);
    }
}
