package io.kedge.devicetwin.port;

import java.util.concurrent.CompletableFuture;

/**
 * DeviceTwin's way up to the cloud. Shaped to map 1:1 onto
 * {@code io.kedge.api.outbox.UpstreamOutbox#putAsync(String key, Message)}: the adapter turns the
 * report into the wire message and passes {@code key} on unchanged as the outbox's coalescing key.
 */
public interface CloudPort {

    /**
     * Keeps {@code report} for the cloud, coalesced by {@code key}: a pending report of the same key is
     * replaced, only the latest goes up. Keys are {@link CloudReport#key()}: one per device property
     * and one for a device's state.
     *
     * @return completes once the report is durable in the outbox; fails when it was NOT kept
     *         (DeviceTwin then keeps it and offers it again later)
     */
    CompletableFuture<Void> report(String key, CloudReport report);
}
