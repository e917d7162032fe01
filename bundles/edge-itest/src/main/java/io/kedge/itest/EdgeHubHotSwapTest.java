package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kedge.api.bus.BusGroups;
import io.kedge.api.bus.GroupStats;
import io.kedge.api.bus.MessageBus;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.cloud.CloudConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** EdgeHub is replaced at run time (bundle stop/start) while modules keep sending to the cloud. */
class EdgeHubHotSwapTest extends ConnectedNodeTest {
    private static final int MESSAGES = 500;
    private static final int SENT_WHILE_STOPPED = 200;
    private static final String SOURCE = "itest";

    private Bundle edgeHub;

    @Override
    String nodeName() {
        return "itest-hotswap";
    }

    @BeforeEach
    void findEdgeHub() {
        edgeHub = node.bundle("io.kedge.edgehub");
    }

    @Test
    void everyMessageReachesTheCloudOnceAndInOrderAcrossAnEdgeHubRestart() throws Exception {
        MessageBus bus = node.bus();
        List<String> sentIds = new CopyOnWriteArrayList<>();
        CountDownLatch edgeHubStopped = new CountDownLatch(1);
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < MESSAGES; i++) {
                    if (i == MESSAGES - SENT_WHILE_STOPPED) {
                        // the last ones are sent while no EdgeHub exists, so the bus must keep them
                        edgeHubStopped.await(10, TimeUnit.SECONDS);
                    }
                    Message message = Message.create(SOURCE, Groups.USER, "itest/hotswap/" + i, Operations.UPLOAD,
                            IntNode.valueOf(i));
                    bus.send(BusGroups.HUB, message);
                    sentIds.add(message.id());
                    Thread.sleep(2); // a steady flow, so the stop lands in the middle of it
                }
            } catch (Exception e) {
                throw new IllegalStateException("sending failed after " + sentIds.size() + " messages", e);
            }
        });

        Poll.until("the first 100 messages at the cloud", () -> ours().size() >= 100);
        edgeHub.stop();
        edgeHubStopped.countDown();
        sender.get(30, TimeUnit.SECONDS);

        GroupStats whileStopped = node.hubStats().orElseThrow();
        assertThat(whileStopped.handlerPresent()).isFalse();
        assertThat(whileStopped.queued()).isGreaterThanOrEqualTo(SENT_WHILE_STOPPED);
        assertThat(ours()).hasSizeLessThan(MESSAGES);

        edgeHub.start();
        Poll.until("all " + MESSAGES + " messages at the cloud", Duration.ofSeconds(30),
                () -> ours().size() >= MESSAGES);
        assertThat(ours()).as("ids in arrival order, across both connections").containsExactlyElementsOf(sentIds);
        assertThat(cloud.connections()).hasSize(2);
    }

    @Test
    void stoppingEdgeHubClosesTheSessionNormallyAndStartingItOpensANewOne() throws Exception {
        CloudConnection first = cloud.connections().get(0);

        edgeHub.stop();
        Poll.until("a close frame with 1000 (normal closure)", () -> Integer.valueOf(1000).equals(first.closeCodeFromEdge()));
        assertThat(node.hubHandlerRegistered()).isFalse();

        edgeHub.start();
        Poll.until("a second connection", () -> cloud.connections().size() == 2);
        CloudConnection second = cloud.connections().get(1);
        assertThat(second.path()).isEqualTo(first.path());
        Poll.until("a keepalive on the new connection",
                () -> second.received().stream().anyMatch(m -> m.operation().equals(Operations.KEEPALIVE)));
        Poll.until("EdgeHub's hub handler back", node::hubHandlerRegistered);
        assertThat(first.isOpen()).isFalse();
    }

    /** Ids of the messages this test sent, as the cloud received them. */
    private List<String> ours() {
        return cloud.received().stream().filter(m -> SOURCE.equals(m.route().source())).map(Message::id).toList();
    }
}
