package io.kedge.cloud.hub;

/** WebSocket close codes CloudHub uses; 4000-4999 are ours by RFC 6455. */
public final class CloseCodes {
    public static final int REPLACED = 4000;
    public static final String REPLACED_REASON = "replaced by a newer connection";
    public static final int KEEPALIVE_TIMEOUT = 4001;
    public static final String KEEPALIVE_TIMEOUT_REASON = "keepalive timeout";
    /** The node's certificates were revoked: it must join again with a new token. */
    public static final int REVOKED = 4003;
    public static final String REVOKED_REASON = "node revoked: join again with a new token";
    public static final int GOING_AWAY = 1001;
    public static final String SHUTDOWN_REASON = "cloud shutting down";
    public static final int TRY_AGAIN_LATER = 1013;
    /** The node sent more than the cloud has applied yet allows (frames or bytes). */
    public static final String FLOODING_REASON = "too much sent and not yet applied: try again later";
    public static final int INTERNAL_ERROR = 1011;
    /** The cloud hit an Error handling the node's message; reconnecting re-syncs the node. */
    public static final String INTERNAL_ERROR_REASON = "cloud failed handling a message: reconnect";

    private CloseCodes() {
    }
}
