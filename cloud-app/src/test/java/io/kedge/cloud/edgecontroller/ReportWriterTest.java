package io.kedge.cloud.edgecontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.cloud.hub.Downlink;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per node: latest report per object, in the node's order, at a bounded rate, with bounded memory. */
class ReportWriterTest {
    private final AtomicLong fakeNanos = new AtomicLong();
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final List<Message> replies = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private ReportWriter writer;

    @AfterEach
    void close() {
        release.countDown();
        writer.close();
    }

    private void open(ReportWriter.Settings settings) {
        writer = new ReportWriter(settings, fakeNanos::get);
        writer.start((Downlink) (node, message) -> {
            replies.add(message);
            return Downlink.SendResult.SENT;
        });
    }

    private void open() {
        open(new ReportWriter.Settings(1_000, 1_000, 512, 1 << 20, 2));
    }

    @Test
    void aNewerReportReplacesTheWaitingOneWhichIsAnsweredAtOnce() throws Exception {
        open();
        Message first = submit("pod-a", "v1", true);
        await().until(() -> written.contains("v1")); // on its way, blocked
        Message second = submit("pod-a", "v2", false);
        Message third = submit("pod-a", "v3", false);

        Message superseded = replyTo(second);
        assertThat(superseded.operation()).as("the newer report says it all: done").isEqualTo(Operations.RESPONSE);
        assertThat(superseded.content().asText()).isEqualTo(ReportWriter.SUPERSEDED);
        assertThat(written).containsExactly("v1");

        release.countDown();
        assertThat(replyTo(first).content().asText()).isEqualTo("wrote v1");
        assertThat(replyTo(third).content().asText()).isEqualTo("wrote v3");
        assertThat(written).containsExactly("v1", "v3");
        assertThat(replies).hasSize(3);
    }

    @Test
    void writesKeepTheNodesOrderLeavingOutReplacedReports() throws Exception {
        open();
        submit("x", "x1", true);
        await().until(() -> written.contains("x1"));
        submit("a", "a1", false);
        submit("b", "b1", false);
        submit("a", "a2", false);
        submit("c", "c1", false);

        release.countDown();
        await().until(() -> written.size() == 4);
        assertThat(written).containsExactly("x1", "b1", "a2", "c1");
    }

    @Test
    void eachNodeWritesAtMostItsBurstAndThenItsRate() throws Exception {
        open(new ReportWriter.Settings(1, 2, 512, 1 << 20, 2)); // 1 write/s, 2 at once
        for (int i = 0; i < 4; i++) {
            submit("pod-" + i, "v" + i, false);
        }
        Message otherNode = report("other-1");
        writer.submit("edge-b", "pod-0", otherNode, 10, () -> write(otherNode, "other-1", false));

        await().until(() -> written.size() == 3);
        Thread.sleep(300); // the clock stands still: no token comes
        assertThat(written).as("the burst of each node").containsExactlyInAnyOrder("v0", "v1", "other-1");

        fakeNanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> written.size() == 4);
        assertThat(written).contains("v2");
        fakeNanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> written.size() == 5);
        assertThat(written).contains("v3");
    }

    @Test
    void aNodeWithTooMuchWaitingIsAskedToSendAgainLater() throws Exception {
        open(new ReportWriter.Settings(1_000, 1_000, 2, 1 << 20, 2));
        submit("x", "x1", true);
        await().until(() -> written.contains("x1"));
        assertThat(submit("a", "a1", false).operation()).as("queued").isEqualTo(Operations.UPDATE);
        assertThat(submit("b", "b1", false).operation()).as("queued").isEqualTo(Operations.UPDATE);

        Message refused = writer.submit("edge-a", "c", report("c1"), 10, () -> null);
        assertThat(refused.operation()).isEqualTo(Operations.ERROR);
        assertThat(ErrorReplies.isRetryable(refused)).as("not lost: the node sends it again").isTrue();
        assertThat(submit("a", "a2", false).operation()).as("a newer report of a waiting object still fits")
                .isEqualTo(Operations.UPDATE);
        assertThat(writer.pending("edge-a")).isEqualTo(2);

        release.countDown();
        await().until(() -> written.size() == 3);
        assertThat(written).containsExactly("x1", "b1", "a2");
    }

    @Test
    void aFailingWriteIsAnsweredRetryableAndTheQueueGoesOn() throws Exception {
        open();
        Message boom = report("boom");
        writer.submit("edge-a", "a", boom, 10, () -> {
            throw new StackOverflowError("deep");
        });
        Message fine = submit("b", "b1", false);

        assertThat(ErrorReplies.isRetryable(replyTo(boom))).isTrue();
        assertThat(replyTo(fine).content().asText()).isEqualTo("wrote b1");
    }

    /**
     * Submits a report of node edge-a whose write records {@code value}, blocking until released if
     * asked; returns the report when it was queued, else the immediate reply.
     */
    private Message submit(String key, String value, boolean block) {
        Message message = report(value);
        Message now = writer.submit("edge-a", key, message, 10, () -> write(message, value, block));
        return now == null ? message : now;
    }

    private Message write(Message message, String value, boolean block) {
        written.add(value);
        if (block) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Message.responseTo(message, "test", TextNode.valueOf("wrote " + value));
    }

    private Message replyTo(Message request) {
        return await().until(() -> replies.stream().filter(r -> request.id().equals(r.parentId())).findFirst()
                .orElse(null), reply -> reply != null);
    }

    private static Message report(String value) {
        return Message.create("edged", Groups.RESOURCE, "plant/podstatus/p", Operations.UPDATE, TextNode.valueOf(value));
    }
}
