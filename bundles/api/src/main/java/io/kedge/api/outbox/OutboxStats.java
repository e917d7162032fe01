package io.kedge.api.outbox;

/**
 * Counters since the outbox opened, and its current depth.
 *
 * @param depth     messages waiting for the cloud's acknowledgement
 * @param put       messages put
 * @param coalesced pending messages replaced by a newer one of the same key before they were acknowledged
 * @param sent      first sends to the cloud
 * @param acked     messages the cloud acknowledged (and so left the outbox)
 * @param resent    sends repeated after no answer or a retryable error
 * @param refused   messages the cloud refused for good (dropped, logged)
 */
public record OutboxStats(long depth, long put, long coalesced, long sent, long acked, long resent, long refused) {
}
