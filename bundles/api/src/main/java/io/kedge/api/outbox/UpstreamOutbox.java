package io.kedge.api.outbox;

import io.kedge.protocol.Message;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable queue of messages for the cloud (bus group {@code hub}). A message is on disk when
 * {@link #put} returns and stays there until the cloud answers it with a response, across restarts
 * of the node and of the cloud. Messages go out in the order they were put; one that got no answer
 * or a retryable error ({@link io.kedge.protocol.ErrorReplies#isRetryable}) is sent again before
 * anything newer, one the cloud refused for good is dropped and logged. Puts of many threads that
 * wait at the same time are committed together, one disk sync for the lot.
 */
@ProviderType
public interface UpstreamOutbox {

    /**
     * Keeps {@code message} for the cloud; returns once it is committed to disk.
     *
     * @param key with a key, a pending message of the same key is replaced (only the latest value
     *            matters, e.g. {@code podstatus/{ns}/{name}}): the replaced one is never sent
     *            afterwards, and the new one queues as the newest; null never replaces anything
     * @throws OutboxException when the message could not be made durable (disk full, outbox full,
     *                         I/O error): it was NOT kept
     */
    void put(String key, Message message) throws OutboxException;

    /**
     * Like {@link #put} without holding the caller's thread: the future completes once the message
     * is committed to disk, or fails with an {@link OutboxException} when it was not kept. Puts made
     * one after the other queue in that order whether or not their futures completed meanwhile, so
     * a reporter may keep many reports on their way and wait only where it must.
     *
     * @since 1.1
     */
    CompletableFuture<Void> putAsync(String key, Message message);

    OutboxStats stats();
}
