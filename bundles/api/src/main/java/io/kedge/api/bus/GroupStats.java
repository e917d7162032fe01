package io.kedge.api.bus;

/**
 * Counters of one bus group.
 *
 * @param group          group name
 * @param queued         messages waiting now
 * @param delivered      messages taken by a handler since the bus started
 * @param failed         messages a handler threw on (dropped, logged)
 * @param handlerPresent whether a handler is registered now
 */
public record GroupStats(String group, int queued, long delivered, long failed, boolean handlerPresent) {
}
