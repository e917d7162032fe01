package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.ResourceTypes;
import io.kedge.protocol.testing.RandomInputs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @BeforeAll
    static void startServer() throws Exception {
        FakeMetaStore shared = new FakeMetaStore();
        shared.put(FakeMetaStore.pod("plant", "sensor-1", "node-a", "7", Map.of()));
        outbox = new PodStatusReportTest.RecordingOutbox();
        running = RunningServer.start(shared, ServerSettings.defaults(), () -> Optional.of(outbox));
    }

    @AfterAll
    static void stopServer() {
        running.close();
    }

    /** One write as a client may send it. */
    private record Write(String method, String contentType, byte[] body) {
        static Write of(Random random, String contentType, byte[] body) {
            return new Write(RandomInputs.pick(random, METHODS), contentType, body);
        }

        static Write anyType(Random random, byte[] body) {
            return of(random, RandomInputs.pick(random, CONTENT_TYPES), body);
        }

        @Override
        public String toString() {
            return method + " " + contentType + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    @Test
    void anyBytesAreAStatusOfThisPodOrA4xx() {
        RandomInputs.forAll(2000, random -> Write.anyType(random, RandomInputs.anyBytes(random, 300)),
                write -> writeDirectly(write.method(), write.contentType(), write.body()));
    }

    @Test
    void mutatedReportsAreAStatusOfThisPodOrA4xx() {
        RandomInputs.forAll(2000, random -> Write.of(random, "application/merge-patch+json", mutatedReport(random)),
                write -> writeDirectly(write.method(), write.contentType(), write.body()));
    }

    @Test
    void anyJsonIsAStatusOfThisPodOrA4xx() {
        RandomInputs.forAll(2000, random -> {
            JsonNode body = RandomInputs.anyJson(random, 4);
            if (random.nextBoolean()) {
                ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
                wrapper.set("status", body);
                body = wrapper;
            }
            return Write.of(random, "application/merge-patch+json", body.toString().getBytes(StandardCharsets.UTF_8));
        }, write -> {
            JsonNode answer = writeDirectly(write.method(), write.contentType(), write.body());
            if (answer != null) {
                assertThat(answer.path("status").isObject()).as("a status is an object").isTrue();
            }
        });
    }

    @Test
    void overHttpAnyBodyIsAnsweredWithAStatusOrTheUpdatedPodNeverA500() {
        RandomInputs.forAll(150, random -> Write.anyType(random, switch (random.nextInt(3)) {
            case 0 -> mutatedReport(random);
            case 1 -> RandomInputs.anyBytes(random, 200);
            default -> RandomInputs.anyJson(random, 4).toString().getBytes(StandardCharsets.UTF_8);
        }), this::sendOverHttp);
    }

    private void sendOverHttp(Write write) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create(running.url() + "/api/v1/namespaces/plant/pods/sensor-1/status"))
                .method(write.method(), HttpRequest.BodyPublishers.ofByteArray(write.body()));
        if (!write.contentType().isEmpty()) {
            request.header("Content-Type", write.contentType());
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

    /** Valid reports cut, overwritten, with bytes inserted, or nested deep: near-misses a parser must refuse cleanly. */
    private static byte[] mutatedReport(Random random) {
        byte[] valid = RandomInputs.pick(random, VALID_PUT, VALID_PATCH).getBytes(StandardCharsets.UTF_8);
        return mutate(valid, random.nextInt(4), random.nextInt(401), RandomInputs.anyBytes(random, 8));
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
}
