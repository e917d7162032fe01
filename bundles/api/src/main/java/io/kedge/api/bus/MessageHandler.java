package io.kedge.api.bus;

import io.kedge.protocol.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the messages of one or more groups. Register it as an OSGi service with the
 * {@value #GROUP} property naming its group(s); the bus delivers one message at a time per group.
 */
@ConsumerType
public interface MessageHandler {

    /** Service property: the group (String or String[]) this handler receives. */
    String GROUP = "kedge.bus.group";

    /**
     * Handles one message. Returning normally means the message is taken.
     *
     * @throws DeliveryException when the message cannot be taken now; the bus keeps it at the head
     *                           of the queue and tries again later
     */
    void handle(Message message) throws DeliveryException;
}
