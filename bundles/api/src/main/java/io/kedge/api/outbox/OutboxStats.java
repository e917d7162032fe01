package io.kedge.api.outbox;

/**
 * The outbox's depth now, and its counters since it opened (they start from zero at every start of
 * the node or of the bundle providing it; the depth survives, it is what the disk holds).
 *
 * @param depth     messages waiting for the cloud's acknowledgement; -1 when the outbox cannot be read
 * @param put       messages put
 * @param coalesced pending messages replaced by a newer one of the same key (they are not sent afterwards)
 * @param sent      messages sent to the cloud, first attempts
 * @param acked     messages the cloud acknowledged (they left the outbox)
 * @param resent    sends repeated after no answer or a retryable error
 * @param refused   messages the cloud refused for good (dropped and logged)
 */
public record OutboxStats(long depth, long put, long coalesced, long sent, long acked, long resent, long refused) {
}
