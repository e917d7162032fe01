package io.kedge.api.bus;

import io.kedge.protocol.Message;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link MessageHandler} that takes what waits in its group several messages at a time, for a
 * handler whose cost is per call more than per message (EdgeHub writes one frame to the cloud per
 * call). The bus hands it whatever is queued, up to {@link #MAX_BATCH}, without waiting for more.
 */
@ConsumerType
public interface BatchMessageHandler extends MessageHandler {

    /** Most messages one {@link #handleAll} call gets. */
    int MAX_BATCH = 256;

    /**
     * Handles messages in queue order. Returning normally means all of them are taken.
     *
     * @throws DeliveryException when they cannot be taken now; the bus keeps all of them at the head
     *                           of the queue, in order, and tries again later
     */
    void handleAll(List<Message> messages) throws DeliveryException;
}
