package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.ResourceTypes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The request bodies of pod status writes come from any local process: whatever their bytes, they
 * are accepted as a status of the pod named in the URL or refused with a 4xx Status; no 500, no
 * exception escaping, no report for another pod.
 */
class PodStatusBodyPropertiesTest {
    private static final String[] METHODS = {"PUT", "PATCH"};
    private static final String[] CONTENT_TYPES = {"application/merge-patch+json",
        "application/strategic-merge-patch+json", "application/json", "application/json-patch+json", "", "text/plain"};
    private static final String VALID_PUT = "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"sensor-1\","
            + "\"namespace\":\"plant\"},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
            + "\"status\":\"True\"}],\"podIP\":\"10.0.0.9\"}}";
    private static final String VALID_PATCH = "{\"status\":{\"message\":null,\"phase\":\"Failed\","
            + "\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":3}]}}";

    private static RunningServer running;
    private static PodStatusReportTest.RecordingOutbox outbox;

    private final FakeMetaStore store = new FakeMetaStore();
    private final PodStatusReportTest.RecordingOutbox direct = new PodStatusReportTest.RecordingOutbox();
    private final PodStatusWriter writer;

    PodStatusBodyPropertiesTest() {
        store.put(FakeMetaStore.pod("plant", "sensor-1", "node-a", "7", Map.of()));
        writer = new PodStatusWriter(store, new ResourceKinds(false).byStoreType(ResourceTypes.POD).orElseThrow(),
                () -> Optional.of(direct));
    }

    @BeforeContainer
    static void startServer() throws Exception {
        FakeMetaStore shared = new FakeMetaStore();
        shared.put(FakeMetaStore.pod("plant", "sensor-1", "node-a", "7", Map.of()));
        outbox = new PodStatusReportTest.RecordingOutbox();
        running = RunningServer.start(shared, ServerSettings.defaults(), () -> Optional.of(outbox));
    }

    @AfterContainer
    static void stopServer() {
        running.close();
    }

    @Property(tries = 2000)
    void anyBytesAreAStatusOfThisPodOrA4xx(@ForAll byte[] body, @ForAll("methods") String method,
            @ForAll("contentTypes") String contentType) {
        writeDirectly(method, contentType, body);
    }

    @Property(tries = 2000)
    void mutatedReportsAreAStatusOfThisPodOrA4xx(@ForAll("mutatedReports") byte[] body,
            @ForAll("methods") String method) {
        writeDirectly(method, "application/merge-patch+json", body);
    }

    @Property(tries = 2000)
    void anyJsonIsAStatusOfThisPodOrA4xx(@ForAll("json") JsonNode body, @ForAll("methods") String method,
            @ForAll boolean wrapInStatus) {
        JsonNode sent = body;
        if (wrapInStatus) {
            ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
            wrapper.set("status", body);
            sent = wrapper;
        }
        JsonNode answer = writeDirectly(method, "application/merge-patch+json",
                sent.toString().getBytes(StandardCharsets.UTF_8));
        if (answer != null) {
            assertThat(answer.path("status").isObject()).as("a status is an object").isTrue();
        }
    }

    @Property(tries = 150)
    void overHttpAnyBodyIsAnsweredWithAStatusOrTheUpdatedPodNeverA500(@ForAll("httpBodies") byte[] body,
            @ForAll("methods") String method, @ForAll("contentTypes") String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(running.url() + "/api/v1/namespaces/plant/pods/sensor-1/status"))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> answer = running.send(request.build());

        JsonNode json = io.kedge.protocol.MessageCodec.mapper().readTree(answer.body());
        if (answer.statusCode() == 200) {
            assertThat(json.path("metadata").path("name").asText()).isEqualTo("sensor-1");
        } else {
            assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
            assertThat(json.path("kind").asText()).isEqualTo("Status");
        }
        assertThat(outbox.keys).allMatch("podstatus/plant/sensor-1"::equals);
    }

    /** The answer when accepted, null when refused with a 4xx; anything else fails the property. */
    private JsonNode writeDirectly(String method, String contentType, byte[] body) {
        try {
            JsonNode pod = writer.write(method, contentType, "plant", "sensor-1", body);
            assertThat(pod.path("metadata").path("name").asText()).isEqualTo("sensor-1");
            assertThat(direct.keys).allMatch("podstatus/plant/sensor-1"::equals);
            return pod;
        } catch (ApiError refused) {
            assertThat(refused.code()).as(refused.getMessage()).isBetween(400, 499);
            assertThat(refused.toStatus().path("kind").asText()).isEqualTo("Status");
            return null;
        }
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of(METHODS);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(CONTENT_TYPES);
    }

    /** Valid reports cut, overwritten or with bytes inserted: near-misses a parser must refuse cleanly. */
    @Provide
    Arbitrary<byte[]> mutatedReports() {
        Arbitrary<byte[]> valid = Arbitraries.of(VALID_PUT, VALID_PATCH).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 400), Arbitraries.bytes().array(byte[].class).ofMaxSize(8))
                .as(PodStatusBodyPropertiesTest::mutate);
    }

    private static byte[] mutate(byte[] valid, int how, int at, byte[] noise) {
        int position = Math.min(at, valid.length);
        return switch (how) {
            case 0 -> Arrays.copyOf(valid, position); // cut
            case 1 -> { // overwrite
                byte[] copy = valid.clone();
                for (int i = 0; i < noise.length && position + i < copy.length; i++) {
                    copy[position + i] = noise[i];
                }
                yield copy;
            }
            case 2 -> { // insert
                byte[] copy = new byte[valid.length + noise.length];
                System.arraycopy(valid, 0, copy, 0, position);
                System.arraycopy(noise, 0, copy, position, noise.length);
                System.arraycopy(valid, position, copy, position + noise.length, valid.length - position);
                yield copy;
            }
            default -> { // deep nesting: parsers that recurse must not overflow
                String open = "{\"status\":".repeat(at * 10);
                yield (open + "1" + "}".repeat(at * 10)).getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    @Provide
    Arbitrary<byte[]> httpBodies() {
        return Arbitraries.oneOf(mutatedReports(), Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                json().map(j -> j.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<JsonNode> json() {
        return value(4);
    }

    private static Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(TextNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.doubles().map(DoubleNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> value(depth - 1));
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of("status", "metadata", "name", "uid", "phase", "conditions", "podIP", "message",
                        "$patch", "$setElementOrder/conditions"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<JsonNode> objects = Arbitraries.maps(keys, inner).ofMaxSize(4).map(members -> {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            members.forEach(object::set);
            return object;
        });
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(items -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            items.forEach(array::add);
            return array;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, leaves), net.jqwik.api.Tuple.of(3, objects), net.jqwik.api.Tuple.of(1, arrays));
    }
}
