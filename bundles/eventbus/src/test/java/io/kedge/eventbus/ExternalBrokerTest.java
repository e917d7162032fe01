package io.kedge.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External mode against a real broker (the embedded one, standing in for the gateway's mosquitto). */
class ExternalBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TWIN = "$hw/events/device/+/twin/update";

    @TempDir
    Path dir;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<Inbound> inbound = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void connectsWhenTheBrokerComesUpAndCarriesBothWays() throws Exception {
        int port = freePort();
        ExternalBroker kedge = new ExternalBroker("tcp://127.0.0.1:" + port, "kedge-test", "", "", dir.resolve("paho"),
                timers, inbound::add);
        try (BrokerFixture gateway = new BrokerFixture(dir.resolve("gw"), Map.of("port", port));
                MqttTestClient device = MqttTestClient.connect(gateway.url(), "device", true)) {
            kedge.subscribe(Set.of(TWIN));
            device.subscribe("$hw/events/device/d1/twin/update/result");
            await().atMost(WAIT).untilAsserted(() -> {
                device.publish("$hw/events/device/d1/twin/update", "{}", 1);
                assertThat(inbound).isNotEmpty();
            });
            assertThat(inbound.get(0).topic()).isEqualTo("$hw/events/device/d1/twin/update");

            kedge.publish("$hw/events/device/d1/twin/update/result", "{\"ok\":1}".getBytes(StandardCharsets.UTF_8), 1, false)
                    .get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> device.received.contains("$hw/events/device/d1/twin/update/result={\"ok\":1}"));
        } finally {
            kedge.close();
        }
    }

    @Test
    void whatDevicesPublishWhileKedgeRestartsWaitsInItsSession() throws Exception {
        try (BrokerFixture gateway = new BrokerFixture(dir.resolve("gw"), Map.of());
                MqttTestClient device = MqttTestClient.connect(gateway.url(), "device", true)) {
            ExternalBroker first = new ExternalBroker(gateway.url(), "kedge-node", "", "", dir.resolve("paho"), timers,
                    inbound::add);
            first.subscribe(Set.of(TWIN));
            await().atMost(WAIT).untilAsserted(() -> {
                device.publish("$hw/events/device/d1/twin/update", "hello", 1);
                assertThat(inbound).isNotEmpty();
            });
            first.close();
            inbound.clear();

            for (int i = 0; i < 50; i++) {
                device.publish("$hw/events/device/d1/twin/update", "m" + i, 1);
            }
            ExternalBroker second = new ExternalBroker(gateway.url(), "kedge-node", "", "", dir.resolve("paho"), timers,
                    inbound::add);
            try {
                await().atMost(WAIT).until(() -> inbound.size() >= 50);
                assertThat(inbound).extracting(m -> new String(m.payload(), StandardCharsets.UTF_8))
                        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "m" + i).toList());
            } finally {
                second.close();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
