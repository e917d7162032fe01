package io.kedge.devicetwin;

import static io.kedge.devicetwin.TwinFixture.PREFIX;
import static io.kedge.devicetwin.TwinFixture.THERMO;
import static io.kedge.devicetwin.TwinFixture.thermo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.protocol.testing.RandomInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated payloads on every topic DeviceTwin answers: no exception escapes, each request
 * that KubeEdge answers gets exactly one answer, and what is held stays readable and durable.
 */
class TwinRandomInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOPICS = List.of(PREFIX + "/twin/update", PREFIX + "/twin/get",
            PREFIX + "/state/update", "$hw/events/node/edge-1/membership/get",
            "$hw/events/device/default/nope/twin/update", "$hw/events/device/lamp/twin/update");
    private static final List<String> VALID = List.of(
            "{\"event_id\":\"u\",\"timestamp\":1,\"twin\":{\"temperature\":{\"actual\":{\"value\":\"21\"}}}}",
            "{\"twin\":{\"mode\":{\"expected\":{\"value\":\"eco\",\"metadata\":{\"timestamp\":5}},\"optional\":false,"
                    + "\"metadata\":{\"type\":\"string\"},\"expected_version\":{\"cloud\":1,\"edge\":2}}}}",
            "{\"twin\":{\"temperature\":null,\"extra\":{\"actual\":{\"value\":\"x\"}}}}",
            "{\"event_id\":\"s\",\"state\":\"online\",\"attributes\":{\"a\":{\"value\":\"b\"}}}",
            "{\"event_id\":\"g\",\"timestamp\":1700000000000}");

    @TempDir
    Path dir;

    @Test
    void randomPayloadsOnlyEverGetResultsNeverExceptions() throws Exception {
        TwinFixture node = new TwinFixture(dir);
        node.twin.upsert(thermo("auto", null));

        RandomInputs.forAll(3000, TwinRandomInputTest::message, message -> {
            node.mqtt.clear();
            node.mqtt.deliver(message.topic(), message.payload());
            if (message.topic().endsWith("/state/update")) {
                return;
            }
            List<InMemoryMqtt.Published> answers = node.mqtt.on(message.topic() + "/result");
            assertThat(answers).as("one answer").hasSize(1);
            JsonNode answer = JSON.readTree(answers.get(0).payload());
            assertThat(answer.get("event_id").isTextual()).isTrue();
            assertThat(answer.get("timestamp").isIntegralNumber()).isTrue();
            if (answer.has("code")) {
                assertThat(answer.get("code").intValue()).isIn(400, 404);
            }
            for (InMemoryMqtt.Published published : node.mqtt.published()) {
                assertThat(JSON.readTree(published.payload()).isObject()).as(published.topic()).isTrue();
            }
        });

        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"mode\":{\"actual\":{\"value\":\"last-word\"}}}}");
        Device held = node.twin.devices().get(THERMO);
        assertThat(held.twins().get("mode").actual().value()).isEqualTo("last-word");
        TwinFixture reopened = node.reopen();
        assertThat(reopened.twin.devices().get(THERMO)).isEqualTo(held);
        reopened.close();
    }

    private record Message(String topic, byte[] payload) {
        @Override
        public String toString() {
            return topic + " " + new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static Message message(Random random) {
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        byte[] payload = switch (random.nextInt(5)) {
            case 0 -> RandomInputs.anyBytes(random, 64);
            case 1 -> RandomInputs.anyString(random, 64).getBytes(StandardCharsets.UTF_8);
            case 2 -> RandomInputs.anyJson(random, 4).toString().getBytes(StandardCharsets.UTF_8);
            case 3 -> RandomInputs.mutate(random, VALID.get(random.nextInt(VALID.size())).getBytes(StandardCharsets.UTF_8));
            default -> RandomInputs.mutate(random, VALID).getBytes(StandardCharsets.UTF_8);
        };
        return new Message(topic, payload);
    }
}
