package io.kedge.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.mqtt.MqttPublisher;
import io.kedge.api.node.NodeDataDirectory;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The component on a node where another process holds the MQTT port: it activates, offers no
 * {@link MqttPublisher} and says so in its metrics until the port is free, then offers it with the
 * port; deactivating while it waits ends the waiting.
 */
class EventBusComponentPortTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    /** Services the component registered and has not unregistered, with their properties. */
    private final Map<Object, Dictionary<String, ?>> registered = new ConcurrentHashMap<>();
    private final List<ScheduledThreadPoolExecutor> executors = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopExecutors() {
        executors.forEach(ExecutorService::shutdownNow);
    }

    @Test
    void activatesOnATakenPortAndOffersThePublisherOnceThePortIsFree() throws Exception {
        ServerSocket other = RetryingBrokerTest.holdAPort();
        int port = other.getLocalPort();
        EventBusComponent component = new EventBusComponent(context(), ConfigValues.of(Map.of("port", port)),
                new RecordingBus(), executors());
        try {
            assertThat(registered).as("no publisher while nothing listens").isEmpty();
            assertThat(listening(component)).isZero();
            await().atMost(WAIT).until(() -> metric(component, "kedge_mqtt_bind_failures_total") >= 2);

            other.close();
            await().atMost(WAIT).until(() -> !registered.isEmpty());
            Dictionary<String, ?> properties = registered.values().iterator().next();
            assertThat(properties.get(MqttPublisher.PORT)).isEqualTo(port);
            assertThat(listening(component)).isOne();
            try (MqttTestClient client = MqttTestClient.connect("tcp://127.0.0.1:" + port, "device", true)) {
                assertThat(client.client.isConnected()).isTrue();
            }
        } finally {
            component.deactivate();
        }
        assertThat(registered).as("unregistered on deactivation").isEmpty();
    }

    @Test
    void deactivatingWhileThePortIsTakenEndsTheRetries() throws Exception {
        try (ServerSocket other = RetryingBrokerTest.holdAPort()) {
            EventBusComponent component = new EventBusComponent(context(),
                    ConfigValues.of(Map.of("port", other.getLocalPort())), new RecordingBus(), executors());
            await().atMost(WAIT).until(() -> metric(component, "kedge_mqtt_bind_failures_total") >= 1);

            component.deactivate();

            assertThat(executors).allSatisfy(executor -> {
                assertThat(executor.getQueue()).as("no retry left waiting").isEmpty();
                assertThat(executor.getActiveCount()).as("no retry running").isZero();
            });
            assertThat(registered).isEmpty();
        }
    }

    private static long listening(EventBusComponent component) {
        return metric(component, "kedge_mqtt_listening");
    }

    private static long metric(EventBusComponent component, String name) {
        return MetricsSamples.of(component::writeTo).getOrDefault(name, -1L);
    }

    /** The framework as far as the component uses it: the data folder and service registrations. */
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> NodeDataDirectory.FRAMEWORK_PROPERTY.equals(args[0]) ? data.toString() : null;
                    case "registerService" -> register(args[1], (Dictionary<String, ?>) args[2]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ServiceRegistration<?> register(Object service, Dictionary<String, ?> properties) {
        registered.put(service, properties);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        registered.remove(service);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Each serial executor a thread of its own, as the node's would run it. */
    private NodeExecutors executors() {
        return new NodeExecutors() {
            @Override
            public ScheduledExecutorService newSerialExecutor(String name) {
                ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
                executor.setRemoveOnCancelPolicy(true);
                executors.add(executor);
                return executor;
            }

            @Override
            public ExecutorService blocking() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
