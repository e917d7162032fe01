package io.kedge.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedge.api.bus.BusGroups;
import io.kedge.api.mqtt.MqttBridge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    @Test
    void queuedQos1MessagesOfAPersistentSessionSurviveARestart() throws Exception {
        String url;
        try (BrokerFixture broker = new BrokerFixture(data, Map.of())) {
            url = broker.url();
            try (MqttTestClient subscriber = MqttTestClient.connect(url, "sensor-app", false)) {
                subscriber.subscribe("dev/+/data");
            }
            try (MqttTestClient publisher = MqttTestClient.connect(url, "device", true)) {
                for (int i = 0; i < 300; i++) {
                    publisher.publish("dev/d1/data", "m" + i, 1);
                }
            }
        }
        try (BrokerFixture again = new BrokerFixture(data, Map.of());
                MqttTestClient subscriber = MqttTestClient.connect(again.url(), "sensor-app", false)) {
            List<String> expected = IntStream.range(0, 300).mapToObj(i -> "dev/d1/data=m" + i).toList();
            await().atMost(WAIT).until(() -> subscriber.received.size() >= 300);
            assertThat(subscriber.received).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void clientsWithAnEmptyIdAreAccepted() throws Exception {
        try (BrokerFixture broker = new BrokerFixture(data, Map.of());
                MqttTestClient mapper = MqttTestClient.connect(broker.url(), "", true)) {
            mapper.subscribe("$hw/events/node/n1/membership/get/result");
            broker.publisher.publish("$hw/events/node/n1/membership/get/result", "{}".getBytes(StandardCharsets.UTF_8), 1, false)
                    .get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> mapper.received.size() == 1);
        }
    }

    @Test
    void anOversizeMessageCostsOnlyItsSenderItsConnection() throws Exception {
        try (BrokerFixture broker = new BrokerFixture(data, Map.of("max_message_bytes", 1024));
                MqttTestClient subscriber = MqttTestClient.connect(broker.url(), "sub", true);
                MqttTestClient big = MqttTestClient.connect(broker.url(), "big", true);
                MqttTestClient good = MqttTestClient.connect(broker.url(), "good", true)) {
            subscriber.subscribe("$hw/events/upload/#");
            try {
                big.publish("$hw/events/upload/big", "x".repeat(4096), 0);
            } catch (MqttException alreadyDropped) {
                // the broker may close the connection before Paho finishes writing
            }
            await().atMost(WAIT).until(() -> !big.client.isConnected());
            good.publish("$hw/events/upload/small", "ok", 1);
            await().atMost(WAIT).until(() -> subscriber.received.contains("$hw/events/upload/small=ok"));
            assertThat(subscriber.received).noneMatch(m -> m.startsWith("$hw/events/upload/big"));
            await().atMost(WAIT).until(() -> broker.bus.in(BusGroups.HUB).size() == 1);

            assertThat(broker.publisher.publish("a/b", new byte[4096], 1, false))
                    .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFloodFromOneClientLosesNoValidMessage() throws Exception {
        try (BrokerFixture broker = new BrokerFixture(data, Map.of());
                MqttTestClient subscriber = MqttTestClient.connect(broker.url(), "sub", true);
                MqttTestClient flood = MqttTestClient.connect(broker.url(), "flood", true);
                MqttTestClient device = MqttTestClient.connect(broker.url(), "device", true)) {
            subscriber.subscribe("$hw/events/device/+/twin/+");
            Thread flooder = new Thread(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        flood.publish("$hw/events/upload/flood", "f" + i, 0);
                    }
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            });
            flooder.start();
            for (int i = 0; i < 200; i++) {
                device.publish("$hw/events/device/d1/twin/update", "{\"n\":" + i + "}", 1);
            }
            flooder.join(60_000);
            List<String> expected = IntStream.range(0, 200)
                    .mapToObj(i -> "$hw/events/device/d1/twin/update={\"n\":" + i + "}").toList();
            await().atMost(WAIT).until(() -> subscriber.received.size() >= 200);
            assertThat(subscriber.received).containsExactlyElementsOf(expected);
            await().atMost(WAIT).until(() -> broker.bus.in(MqttBridge.TWIN_GROUP).size() == 200);
            assertThat(broker.bridge.dropped.get("client_rate")).isNotNull();
            // the broker still serves new clients
            try (MqttTestClient late = MqttTestClient.connect(broker.url(), "late", true)) {
                assertThat(late.client.isConnected()).isTrue();
            }
        }
    }

    @Test
    void withAUserAnonymousClientsAreRefused() throws Exception {
        try (BrokerFixture broker = new BrokerFixture(data, Map.of("username", "edge", "password", "s3cret"))) {
            assertThatThrownBy(() -> MqttTestClient.connect(broker.url(), "anon", true)).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> MqttTestClient.connect(broker.url(), "wrong", true, "edge", "nope", null))
                    .isInstanceOf(MqttException.class);
            try (MqttTestClient ok = MqttTestClient.connect(broker.url(), "ok", true, "edge", "s3cret", null)) {
                assertThat(ok.client.isConnected()).isTrue();
            }
        }
    }

    @Test
    void theTlsListenerServesTheConfiguredKeystore() throws Exception {
        Path keystore = TestTls.keystore(data.resolve("broker.p12"));
        try (BrokerFixture broker = new BrokerFixture(data.resolve("store"), Map.of("port", -1, "tls_port", 0,
                "tls_keystore", keystore.toString(), "tls_keystore_password", TestTls.PASSWORD))) {
            assertThat(broker.broker.port()).isEqualTo(-1);
            try (MqttTestClient client = MqttTestClient.connect("ssl://127.0.0.1:" + broker.broker.tlsPort(), "tls", true,
                    null, null, TestTls.trusting(keystore))) {
                client.subscribe("t");
                client.publish("t", "over tls", 1);
                await().atMost(WAIT).until(() -> client.received.contains("t=over tls"));
            }
        }
    }

    @Test
    void whatTheNodePublishesReachesClientsAndListenersButNotTheBridge() throws Exception {
        try (BrokerFixture broker = new BrokerFixture(data, Map.of());
                MqttTestClient device = MqttTestClient.connect(broker.url(), "dev", true)) {
            device.subscribe("$hw/events/device/d1/twin/update/delta");
            broker.publisher.publish("$hw/events/device/d1/twin/update/delta", "{\"delta\":{}}".getBytes(StandardCharsets.UTF_8),
                    1, false).get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> device.received.size() == 1);
            await().atMost(WAIT).until(() -> broker.delivered.stream().anyMatch(Inbound::fromSelf));
            assertThat(broker.bus.sent).isEmpty();
        }
    }
}
