package io.kedge.api.bus;

import io.kedge.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Delivers messages to the {@link MessageHandler} registered for a group, in order per group.
 * While a group has no handler (its bundle is stopped or being updated) its messages wait in a
 * bounded queue; when the queue is full, senders wait and then get {@link BusFullException}.
 */
@ProviderType
public interface MessageBus {

    /**
     * Queues {@code message} for {@code group}. A message whose parent id matches a pending
     * {@link #request} completes that request instead of being queued.
     *
     * @throws BusFullException when the group's queue stayed full for the bus's send timeout
     */
    void send(String group, Message message) throws BusFullException;

    /**
     * Completes the pending {@link #request} that {@code response} answers (by parent id).
     *
     * @return false when no request waits for it (it timed out, or was never made here); the
     *         response is then dropped, as nobody would read it
     */
    boolean respond(Message response);

    /**
     * Sends {@code message} to {@code group} and completes with the first message whose parent id is
     * its id. When nothing answers within {@code timeout}, the future fails with a
     * {@link java.util.concurrent.TimeoutException} and the message is withdrawn if still queued.
     * Cancelling the future withdraws it too: a sender that goes away takes its queued requests along.
     */
    CompletableFuture<Message> request(String group, Message message, Duration timeout);

    /** A snapshot of every group the bus knows. */
    List<GroupStats> stats();
}
