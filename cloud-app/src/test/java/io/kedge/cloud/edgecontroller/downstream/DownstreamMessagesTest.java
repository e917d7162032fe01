package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownstreamMessagesTest {

    @Test
    void aDeleteNamesTheObjectAndCarriesNothingElse() {
        Message delete = DownstreamMessages.delete(ResourcePath.of("kedge", "secret", "kedge-ca"),
                new ObjectVersion("u-1", "42"));

        assertThat(delete.operation()).isEqualTo(Operations.DELETE);
        assertThat(delete.resource()).isEqualTo("kedge/secret/kedge-ca");
        assertThat(delete.header().resourceVersion()).isEqualTo("42");
        JsonNode content = delete.content();
        assertThat(fieldNames(content)).containsExactlyInAnyOrder("apiVersion", "kind", "metadata");
        assertThat(content.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(content.path("kind").asText()).isEqualTo("Secret");
        assertThat(fieldNames(content.path("metadata")))
                .containsExactlyInAnyOrder("name", "namespace", "uid", "resourceVersion");
        assertThat(content.path("metadata").path("name").asText()).isEqualTo("kedge-ca");
        assertThat(content.path("metadata").path("namespace").asText()).isEqualTo("kedge");
        assertThat(content.path("metadata").path("uid").asText()).isEqualTo("u-1");
        assertThat(content.path("metadata").path("resourceVersion").asText()).isEqualTo("42");
    }

    @Test
    void aNodeDeleteHasNoNamespaceAndEndpointSlicesTheirGroup() {
        JsonNode node = DownstreamMessages.delete(ResourcePath.of("default", "node", "edge-1"),
                new ObjectVersion("", "")).content();
        JsonNode slice = DownstreamMessages.delete(ResourcePath.of("ns", "endpointslice", "web-abc"),
                new ObjectVersion("u", "1")).content();

        assertThat(node.path("kind").asText()).isEqualTo("Node");
        assertThat(node.path("metadata").has("namespace")).isFalse();
        assertThat(slice.path("apiVersion").asText()).isEqualTo("discovery.k8s.io/v1");
        assertThat(slice.path("kind").asText()).isEqualTo("EndpointSlice");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
