package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.itest.support.EdgeNode;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.testing.cloud.CloudConnection;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class NodeRegistrationTest extends ConnectedNodeTest {
    private static final String NODE = "itest-register";


    @Override
    String nodeName() {
        return NODE;
    }

    @Test
    void nodeOpensTheEventsPathSendsKeepalivesAndRegisters() {
        CloudConnection link = cloud.connections().get(0);
        assertThat(link.path()).isEqualTo("/" + EdgeNode.PROJECT_ID + "/" + NODE + "/events");
        assertThat(link.header("node_id")).isEqualTo(NODE);

        Poll.until("a keepalive", () -> !sent(link, Operations.KEEPALIVE, "node").isEmpty());
        Message insert = Poll.valueOf("the node insert", Poll.DEFAULT_TIMEOUT,
                () -> sent(link, Operations.INSERT, "default/node/" + NODE).stream().findFirst().orElse(null));
        assertThat(insert.content().at("/metadata/name").asText()).isEqualTo(NODE);
        assertThat(insert.content().at("/metadata/labels").has("node-role.kubernetes.io/edge")).isTrue();
    }

    @Test
    void statusFlowsOnlyAfterTheCloudAcceptedTheNode() {
        CloudConnection link = cloud.connections().get(0);
        // Unanswered, Edged asks again (each request times out after one interval) and reports nothing.
        Poll.until("a repeated node insert", () -> sent(link, Operations.INSERT, "default/node/" + NODE).size() >= 2);
        assertThat(sent(link, Operations.UPDATE, "default/nodestatus/" + NODE)).isEmpty();

        cloud.answerRequests(true);
        Poll.until("two node status updates", Duration.ofSeconds(10),
                () -> sent(link, Operations.UPDATE, "default/nodestatus/" + NODE).size() >= 2);
        JsonNode conditions = sent(link, Operations.UPDATE, "default/nodestatus/" + NODE).get(0)
                .content().at("/Status/conditions");
        assertThat(StreamSupport.stream(conditions.spliterator(), false))
                .anySatisfy(c -> {
                    assertThat(c.path("type").asText()).isEqualTo("Ready");
                    assertThat(c.path("status").asText()).isEqualTo("True");
                });
    }

    private static List<Message> sent(CloudConnection link, String operation, String resource) {
        return link.received().stream()
                .filter(m -> m.operation().equals(operation) && m.resource().equals(resource))
                .toList();
    }
}
