package io.kedge.cloud.edgecontroller;

import io.kedge.cloud.hub.Downlink;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.Message;
import io.kedge.protocol.ResourcePath;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A downlink that keeps what a {@link ReportWriter} answers, so a test can wait for one reply. */
final class CapturedReplies implements Downlink {
    private final List<Message> replies = new CopyOnWriteArrayList<>();

    /** A writer with no rate limit worth mentioning that answers into this. */
    ReportWriter writer() {
        ReportWriter writer = new ReportWriter(ReportWriter.Settings.of(1_000, 1_000, 2));
        writer.start(this);
        return writer;
    }

    @Override
    public SendResult send(String nodeName, Message message) {
        replies.add(message);
        return SendResult.SENT;
    }

    /** Hands {@code message} to the handler and returns its reply, immediate or written later. */
    Message handle(ResourceHandler handler, String nodeName, ResourcePath path, Message message) {
        Message now = handler.handle(nodeName, path, message);
        return now != null ? now : replyTo(message);
    }

    Message replyTo(Message request) {
        return Awaitility.await().atMost(20, TimeUnit.SECONDS).until(
                () -> replies.stream().filter(r -> request.id().equals(r.parentId())).findFirst().orElse(null),
                reply -> reply != null);
    }

    List<Message> all() {
        return List.copyOf(replies);
    }
}
