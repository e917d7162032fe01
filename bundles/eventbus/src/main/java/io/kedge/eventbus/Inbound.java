package io.kedge.eventbus;

/**
 * A message the broker received.
 *
 * @param clientId the publishing client's id; {@link #SELF} for what this node published itself,
 *                 {@link #UNKNOWN} when the broker does not say (external mode)
 */
record Inbound(String clientId, String topic, byte[] payload) {
    static final String SELF = "kedge-internal";
    static final String UNKNOWN = "";

    boolean fromSelf() {
        return SELF.equals(clientId);
    }
}
