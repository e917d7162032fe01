package io.kedge.devicedata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** pushMethod.mqtt goes to the node's broker through MqttPublisher, with its topic, qos and retained flag. */
class MqttPushTest {
    private static final StoredReading READING = new StoredReading("plant/thermo", "temperature", "21.5", 1_000);

    private final RecordingPublisher broker = new RecordingPublisher();
    private final AtomicReference<RecordingPublisher> current = new AtomicReference<>(broker);
    private final DataCounters counters = new DataCounters();
    private final MqttPush push = new MqttPush(() -> Optional.ofNullable(current.get()), counters);

    @Test
    void publishesTheReadingOnItsTopic() throws Exception {
        push.push(READING, Map.of("address", "tcp://127.0.0.1:1883", "topic", "plant/thermo/t", "qos", 2L,
                "retained", true));

        assertThat(broker.published).singleElement().satisfies(published -> {
            assertThat(published.topic()).isEqualTo("plant/thermo/t");
            assertThat(published.qos()).as("2 is taken as 1").isEqualTo(1);
            assertThat(published.retain()).isTrue();
            assertThat(new ObjectMapper().readTree(published.payload())).isEqualTo(new ObjectMapper().readTree(
                    "{\"deviceName\":\"thermo\",\"deviceNamespace\":\"plant\",\"propertyName\":\"temperature\","
                            + "\"value\":\"21.5\",\"timeStamp\":1000}"));
        });
        assertThat(counters.mqttPublished.get()).isEqualTo(1);
    }

    @Test
    void withoutAddressOrQosItIsTheNodesBrokerAtQos0() {
        push.push(READING, Map.of("topic", "t"));
        assertThat(broker.published).singleElement().satisfies(p -> {
            assertThat(p.qos()).isZero();
            assertThat(p.retain()).isFalse();
        });
    }

    @Test
    void anotherBrokersAddressANoTopicOrAWildcardIsNotPublished() {
        push.push(READING, Map.of("address", "tcp://broker.example.com:1883", "topic", "t"));
        push.push(READING, Map.of("qos", 1L));
        push.push(READING, Map.of("topic", "  "));
        push.push(READING, Map.of("topic", "plant/#"));

        assertThat(broker.published).isEmpty();
        assertThat(counters.mqttSkipped.get()).isEqualTo(3);
        assertThat(counters.mqttFailed.get()).isEqualTo(1);
    }

    @Test
    void withoutABrokerTheFailureIsCounted() {
        current.set(null);
        push.push(READING, Map.of("topic", "t"));
        assertThat(counters.mqttFailed.get()).isEqualTo(1);
    }

    @Test
    void loopbackAddresses() {
        assertThat(MqttPush.isLoopback("tcp://127.0.0.1:1883")).isTrue();
        assertThat(MqttPush.isLoopback("localhost:1883")).isTrue();
        assertThat(MqttPush.isLoopback("mqtt://127.0.0.1:1883")).as("as KubeEdge documents it").isTrue();
        assertThat(MqttPush.isLoopback("tcp://[::1]:1883")).isTrue();
        assertThat(MqttPush.isLoopback("tcp://10.0.0.1:1883")).isFalse();
        assertThat(MqttPush.isLoopback("tcp://127.0.0.1.evil.com:1883")).isFalse();
        assertThat(MqttPush.isLoopback("::garbage::")).isFalse();
    }
}
