package io.kedge.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedge.api.mqtt.MqttPublisher;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker when another process holds its port: the start succeeds without listening,
 * says why once, keeps trying, and listens as soon as the port is free; stopping it ends the tries.
 */
class RetryingBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicReference<Map<String, Object>> usable = new AtomicReference<>();
    private final AtomicInteger usableCalls = new AtomicInteger();

    RetryingBrokerTest() {
        timer.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stopTimer() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aTakenPortIsRetriedAndBoundOnceItIsFree() throws Exception {
        ServerSocket other = holdAPort();
        int port = other.getLocalPort();
        try (RetryingBroker broker = retrying(Map.of("port", port))) {
            broker.start(this::usable);

            assertThat(broker.listening()).isFalse();
            assertThat(usable.get()).as("no publisher while nothing listens").isNull();
            assertThat(broker.waitingFor()).isEqualTo("MQTT port " + port + " in use by another process");
            assertThat(metrics(broker)).containsEntry("kedge_mqtt_listening", 0L);
            assertThat(broker.publish("a/b", new byte[1], 1, false))
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IOException.class)
                    .withMessageContaining("not listening: MQTT port " + port + " in use by another process");

            await().atMost(WAIT).until(() -> broker.failures() >= 3);
            assertThat(warnings).as("one line per change of reason, not per try").hasSize(1);
            assertThat(warnings.get(0)).startsWith("MQTT port " + port + " in use by another process; retrying");
            assertThat(metrics(broker).get("kedge_mqtt_bind_failures_total")).isGreaterThanOrEqualTo(3L);

            other.close();
            await().atMost(WAIT).until(() -> usable.get() != null);
            assertThat(usable.get()).containsEntry(MqttPublisher.PORT, port);
            assertThat(usableCalls).hasValue(1);
            assertThat(broker.listening()).isTrue();
            assertThat(broker.waitingFor()).isNull();
            assertThat(metrics(broker)).containsEntry("kedge_mqtt_listening", 1L);
            try (MqttTestClient client = MqttTestClient.connect("tcp://127.0.0.1:" + port, "late", true)) {
                client.subscribe("t/1");
                broker.publish("t/1", "hello".getBytes(StandardCharsets.UTF_8), 1, false).get(10, TimeUnit.SECONDS);
                await().atMost(WAIT).until(() -> client.received.contains("t/1=hello"));
            }
        }
    }

    @Test
    void aTakenTlsPortIsRetriedTheSameWay() throws Exception {
        Path keystore = TestTls.keystore(data.resolve("broker.p12"));
        ServerSocket other = holdAPort();
        int port = other.getLocalPort();
        try (RetryingBroker broker = retrying(Map.of("port", -1, "tls_port", port,
                "tls_keystore", keystore.toString(), "tls_keystore_password", TestTls.PASSWORD))) {
            broker.start(this::usable);

            assertThat(broker.listening()).isFalse();
            assertThat(broker.waitingFor()).isEqualTo("MQTT TLS port " + port + " in use by another process");
            await().atMost(WAIT).until(() -> broker.failures() >= 2);
            assertThat(warnings).hasSize(1);

            other.close();
            await().atMost(WAIT).until(() -> usable.get() != null);
            assertThat(usable.get()).containsEntry(MqttPublisher.TLS_PORT, port).doesNotContainKey(MqttPublisher.PORT);
            try (MqttTestClient client = MqttTestClient.connect("ssl://127.0.0.1:" + port, "tls", true, null, null,
                    TestTls.trusting(keystore))) {
                assertThat(client.client.isConnected()).isTrue();
            }
        }
    }

    @Test
    void stoppingWhileRetryingEndsTheTries() throws Exception {
        try (ServerSocket other = holdAPort()) {
            RetryingBroker broker = retrying(Map.of("port", other.getLocalPort()));
            broker.start(this::usable);
            await().atMost(WAIT).until(() -> broker.failures() >= 2);

            broker.close();

            assertThat(timer.getQueue()).as("no try left waiting").isEmpty();
            assertThat(timer.getActiveCount()).as("no try running").isZero();
            assertThat(usable.get()).isNull();
            assertThat(broker.publish("a/b", new byte[1], 1, false)).isCompletedExceptionally();
        }
    }

    @Test
    void aFailureThatWaitingCannotMendFailsTheStart() {
        RetryingBroker broker = new RetryingBroker(() -> {
            throw new IOException("TLS keystore /nowhere cannot be used");
        }, timer, 10, 100, warnings::add);

        assertThatThrownBy(() -> broker.start(this::usable)).isInstanceOf(IOException.class)
                .hasMessageContaining("keystore");
        assertThat(timer.getQueue()).isEmpty();
        broker.close();
    }

    @Test
    void aPortLostToAnotherProcessWhileMoquetteStartsCountsAsInUseForTheRightListener() {
        Properties settings = new Properties();
        settings.setProperty("port", "1883");
        settings.setProperty("ssl_port", "8883");
        // what Moquette throws when Netty cannot bind, after our look found the port free
        RuntimeException plain = new RuntimeException("Cannot bind to port: 1883", new BindException("Address already in use"));
        RuntimeException tls = new RuntimeException("Cannot bind to port: 8883", new BindException("Address already in use"));

        assertThat(EmbeddedBroker.startFailure(plain, settings)).isInstanceOf(PortInUseException.class)
                .hasMessage("MQTT port 1883 in use by another process");
        assertThat(EmbeddedBroker.startFailure(tls, settings)).isInstanceOf(PortInUseException.class)
                .hasMessage("MQTT TLS port 8883 in use by another process");
        assertThat(EmbeddedBroker.startFailure(new IllegalStateException("store locked"), settings))
                .isNotInstanceOf(PortInUseException.class).hasMessageContaining("store locked");
    }

    private void usable(Map<String, Object> properties) {
        usableCalls.incrementAndGet();
        usable.set(properties);
    }

    /** Another process's listener on a free loopback port. */
    static ServerSocket holdAPort() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    /** As the component builds it, retrying every 50 ms to 400 ms. */
    private RetryingBroker retrying(Map<String, Object> overrides) {
        EventBusConfiguration config = ConfigValues.of(overrides);
        return new RetryingBroker(() -> EmbeddedBroker.start(MoquetteSettings.of(config, data.resolve("store")), 1, null,
                config.tls_port() < 0 ? null
                        : new KeystoreSslContext(Path.of(config.tls_keystore()), config.tls_keystore_password().toCharArray()),
                inbound -> { }), timer, 50, 400, warnings::add);
    }

    private static Map<String, Long> metrics(RetryingBroker broker) {
        return MetricsSamples.of(broker::writeTo);
    }
}
