package io.kedge.api.outbox;

import io.kedge.protocol.Message;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable queue of messages for the cloud. A message is on disk when {@link #put} returns and
 * stays there until the cloud acknowledges it, across restarts of the node and of the cloud; they
 * are sent in the order they were put.
 */
@ProviderType
public interface UpstreamOutbox {

    /**
     * Keeps {@code message} for the cloud. With a {@code key}, a pending message of the same key is
     * replaced (only the latest value matters, e.g. one pod's status) and is never sent afterwards;
     * with a null key nothing is coalesced.
     *
     * @throws OutboxException when the message could not be made durable: it was NOT kept
     */
    void put(String key, Message message) throws OutboxException;

    OutboxStats stats();
}
