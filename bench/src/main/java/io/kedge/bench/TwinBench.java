package io.kedge.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code ./kedge bench twin [COUNT]}: a reported value as a mapper sends it, from its QoS 1 publish of
 * KubeEdge's twin update on the node's broker to the Device's {@code status.twins[].reported} in the
 * API (DeviceTwin, outbox, hub, cloud, API write, watch), with a real API, cloud and node. COUNT
 * updates (default 200) one after another, each once the previous one shows in the API: p50/p99/max.
 * The cloud writes at most {@code --node-write-rate} (10/s, burst 20) reports of one node, so a
 * second pass spaces the updates 150 ms apart to show the path alone, without that limit.
 */
final class TwinBench {
    private static final String NS = "bench-twins";
    private static final String NODE = "bench-twins";
    private static final String API_VERSION = "devices.kubeedge.io/v1beta1";
    private static final String TOPIC = "$hw/events/device/" + NS + "/meter-1/twin/update";

    private TwinBench() {
    }

    static void run(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (BenchCluster cluster = BenchCluster.start("ktwins", NODE, "none")) {
            KubernetesClient client = cluster.kube;
            MqttClient mapper = new MqttClient("tcp://127.0.0.1:" + cluster.mqttPort, "bench-mapper", new MemoryPersistence());
            mapper.setTimeToWait(30_000);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            mapper.connect(options);
            try {
                bindDevice(cluster, mapper);
                Map<String, Long> seenAt = new ConcurrentHashMap<>();
                try (Watch watch = client.genericKubernetesResources(API_VERSION, "Device").inNamespace(NS)
                        .watch(reportedWatcher(seenAt))) {
                    long[] back = measure(mapper, seenAt, "b", count, 0);
                    print("one after another", count, back);
                    long[] spaced = measure(mapper, seenAt, "s", count, 150);
                    print("150 ms apart", count, spaced);
                }
            } finally {
                mapper.disconnect();
                mapper.close();
            }
        }
    }

    /** Applies the model and device and waits until the node's DeviceTwin answers for it. */
    private static void bindDevice(BenchCluster cluster, MqttClient mapper) throws Exception {
        String yaml = String.join("\n",
                "apiVersion: v1", "kind: Namespace", "metadata:", "  name: " + NS, "---",
                "apiVersion: " + API_VERSION, "kind: DeviceModel", "metadata:", "  name: meter", "  namespace: " + NS,
                "spec:", "  protocol: virtual", "  properties:", "  - name: reading", "    type: STRING", "---",
                "apiVersion: " + API_VERSION, "kind: Device", "metadata:", "  name: meter-1", "  namespace: " + NS,
                "spec:", "  deviceModelRef:", "    name: meter", "  nodeName: " + NODE, "  protocol:",
                "    protocolName: virtual", "  properties:", "  - name: reading", "");
        cluster.apply(yaml);
        awaitHeld(mapper, NS + "/meter-1");
    }

    /** Waits until the node's DeviceTwin answers twin/get for {@code deviceId} (namespace/name) on its broker. */
    static void awaitHeld(MqttClient mqtt, String deviceId) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        String prefix = "$hw/events/device/" + deviceId + "/twin/get";
        mqtt.subscribe(prefix + "/result", 1, (topic, message) -> {
            if (!new String(message.getPayload(), StandardCharsets.UTF_8).contains("\"code\"")) {
                held.countDown();
            }
        });
        try {
            long deadline = System.currentTimeMillis() + 90_000;
            while (!held.await(200, TimeUnit.MILLISECONDS)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the node never held device " + deviceId);
                }
                mqtt.publish(prefix, "{\"event_id\":\"held\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } finally {
            mqtt.unsubscribe(prefix + "/result");
        }
    }

    private static long[] measure(MqttClient mapper, Map<String, Long> seenAt, String prefix, int count, long pauseMillis)
            throws Exception {
        long[] millis = new long[count];
        for (int i = 0; i < count; i++) {
            String value = prefix + "-" + i;
            String payload = "{\"event_id\":\"" + value + "\",\"timestamp\":" + System.currentTimeMillis()
                    + ",\"twin\":{\"reading\":{\"actual\":{\"value\":\"" + value + "\"},\"metadata\":{\"type\":\"string\"}}}}";
            long t0 = System.nanoTime();
            mapper.publish(TOPIC, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            millis[i] = (awaitSeen(seenAt, value, t0) - t0) / 1_000_000;
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
        return millis;
    }

    private static Watcher<GenericKubernetesResource> reportedWatcher(Map<String, Long> seenAt) {
        return new Watcher<>() {
            @Override
            @SuppressWarnings("unchecked")
            public void eventReceived(Action action, GenericKubernetesResource device) {
                long now = System.nanoTime();
                Object status = device.getAdditionalProperties().get("status");
                if (!(status instanceof Map<?, ?> map) || !(map.get("twins") instanceof List<?> twins)) {
                    return;
                }
                for (Object twin : twins) {
                    Object reported = ((Map<String, Object>) twin).get("reported");
                    if (reported instanceof Map<?, ?> value) {
                        seenAt.putIfAbsent(String.valueOf(value.get("value")), now);
                    }
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                if (cause != null) {
                    System.out.println("watch closed: " + cause.getMessage());
                }
            }
        };
    }

    private static long awaitSeen(Map<String, Long> seenAt, String value, long since) throws InterruptedException {
        long deadline = since + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Long at = seenAt.get(value);
            if (at != null) {
                return at;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("reported value " + value + " not in the API after 60 s");
    }

    private static void print(String how, int count, long[] millis) {
        long p99 = PodStartBench.percentile(millis, 99);
        System.out.printf("twin update on MQTT -> Device status.twins in the API, %d %s: p50 %d ms, p99 %d ms, max %d ms"
                + " (target p99 < 500 ms: %s)%n", count, how, PodStartBench.percentile(millis, 50), p99,
                Arrays.stream(millis).max().orElse(0), p99 < 500 ? "met" : "MISSED");
    }
}
