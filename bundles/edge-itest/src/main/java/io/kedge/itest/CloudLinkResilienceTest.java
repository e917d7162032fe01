package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.api.bus.BusGroups;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.testing.cloud.CloudConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cloud misbehaves; the edge's link survives or comes back by itself. */
class CloudLinkResilienceTest extends ConnectedNodeTest {
    private static final int MAX_FRAME_BYTES = 64 * 1024;


    @Override
    String nodeName() {
        return "itest-resilience";
    }

    @Override
    Map<String, Object> edgeHubSettings() {
        return Map.of("max.frame.bytes", MAX_FRAME_BYTES);
    }

    @Test
    void edgeHubReconnectsWithinTheBackoffWhenTheCloudDropsTheConnection() throws Exception {
        CloudConnection first = cloud.connections().get(0);

        first.drop();
        // backoff is at most 500 ms here; the rest is slack for a loaded machine
        Poll.until("a new connection after the drop", Duration.ofSeconds(3), () -> cloud.connections().size() >= 2);
        CloudConnection second = cloud.connections().get(1);

        Message probe = Message.create("itest", Groups.USER, "itest/after-drop", Operations.UPLOAD, null);
        node.bus().send(BusGroups.HUB, probe);
        Poll.until("the message on the new connection",
                () -> second.received().stream().anyMatch(m -> m.id().equals(probe.id())));
        assertThat(node.hubHandlerRegistered()).isTrue();
    }

    @Test
    void malformedAndOversizeFramesAreDroppedWithoutBreakingTheLink() throws Exception {
        CloudConnection link = cloud.connections().get(0);
        Message query = Message.create("itest", Groups.RESOURCE, "default/configmap/probe", Operations.QUERY, null);
        CompletableFuture<Message> reply = node.bus().request(BusGroups.HUB, query, Duration.ofSeconds(15));
        Poll.until("the query at the cloud", () -> link.received().stream().anyMatch(m -> m.id().equals(query.id())));

        link.sendText("{\"header\": {\"msg_id\": \"truncated");
        // A well-formed answer, but too large: had it been accepted, it would complete the request.
        String oversize = new MessageCodec().encode(
                Message.responseTo(query, "edgecontroller", TextNode.valueOf("x".repeat(2 * MAX_FRAME_BYTES))));
        link.sendFragmented(oversize, 4);
        link.send(Message.responseTo(query, "edgecontroller", TextNode.valueOf("found")));

        Message answer = reply.get(10, TimeUnit.SECONDS);
        assertThat(answer.parentId()).isEqualTo(query.id());
        assertThat(answer.content().asText()).isEqualTo("found");
        assertThat(link.isOpen()).isTrue();
        assertThat(cloud.connections()).hasSize(1);
    }
}
