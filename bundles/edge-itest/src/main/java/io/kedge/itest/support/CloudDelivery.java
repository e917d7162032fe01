package io.kedge.itest.support;

import io.kedge.protocol.Message;
import io.kedge.testing.cloud.CloudConnection;
import io.kedge.testing.cloud.FakeCloud;
import java.time.Duration;

/** Sends a message from the fake cloud to the node until the node acknowledges it. */
public final class CloudDelivery {
    private CloudDelivery() {
    }

    /**
     * Sends on the newest open link until the node answers: changing the node's configuration
     * reconnects it, and a message sent on the link it is leaving is lost (the fake cloud does not resend).
     */
    public static void untilAcknowledged(FakeCloud cloud, Message message) {
        Poll.until("the node acknowledged " + message, Duration.ofSeconds(30), () -> {
            CloudConnection link = cloud.connections().stream().filter(CloudConnection::isOpen)
                    .reduce((first, second) -> second).orElse(null);
            if (link == null) {
                return false;
            }
            link.send(message);
            try {
                Poll.until("an answer", Duration.ofSeconds(3), () -> link.answerTo(message.id()).isPresent());
                return true;
            } catch (AssertionError e) {
                return false;
            }
        });
    }
}
