package io.kedge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code ./kedge bench mqtt [MESSAGES] [ROUNDS]}: QoS 1 publish → deliver messages/s through the
 * node's embedded broker (run alone in a JVM with the node's options, {@code io.kedge.eventbus.BrokerMain},
 * configured as the node configures it) against Debian's mosquitto 2.0 on another loopback port,
 * with the same Paho client, in alternating rounds of one run. One publisher with up to 500 messages
 * unacknowledged, one subscriber, 200-byte payloads on a KubeEdge topic; every message must arrive.
 * Then the broker JVM's RSS and live heap, idle and after the load, against a bare JVM with the
 * same options.
 *
 * <p>mosquitto gets a config of its own: persistence on (as the embedded broker's store is) and no
 * limit on queued QoS 1 messages ({@code max_queued_messages 0}: by default it drops beyond 1000).
 */
final class MqttBench {
    private static final String TOPIC = "$hw/events/device/bench-1/twin/update";
    private static final int WINDOW = 500;
    private static final byte[] PAYLOAD = new byte[200];

    private MqttBench() {
    }

    static void run(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        java.util.Arrays.fill(PAYLOAD, (byte) 'x');
        Path work = Files.createTempDirectory("kedge-bench-mqtt-");
        Path mosquittoBinary = Path.of("/usr/sbin/mosquitto");
        List<Process> started = new ArrayList<>();
        try {
            int kedgePort = KedgeBench.freePort();
            List<String> command = new ArrayList<>(List.of("java", "-Xmx96m", "-XX:+UseSerialGC", "-Xss512k",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), "io.kedge.eventbus.BrokerMain",
                    Integer.toString(kedgePort), work.resolve("kedge-store").toString()));
            // KEY=VALUE pairs that replace the broker's settings, to try a tuning
            String tuning = System.getenv().getOrDefault("KEDGE_BENCH_BROKER", "");
            if (!tuning.isBlank()) {
                command.addAll(List.of(tuning.trim().split("\\s+")));
                System.out.println("broker settings replaced: " + tuning);
            }
            Process kedge = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("kedge.log").toFile()).start();
            started.add(kedge);
            KedgeBench.awaitLog(kedge, work.resolve("kedge.log"), "kedge broker listening", 60_000);
            Thread.sleep(2_000);
            long kedgeIdleRss = KedgeBench.procStatus(kedge.pid(), "VmRSS:");
            long kedgeIdleHeap = LiveHeap.bytes(kedge.pid());
            long kedgeThreads = KedgeBench.procStatus(kedge.pid(), "Threads:");

            Process mosquitto = null;
            int mosquittoPort = KedgeBench.freePort();
            if (Files.isExecutable(mosquittoBinary)) {
                Path conf = work.resolve("mosquitto.conf");
                Files.createDirectories(work.resolve("mosquitto-store"));
                Files.writeString(conf, String.join("\n",
                        "listener " + mosquittoPort + " 127.0.0.1",
                        "allow_anonymous true",
                        "persistence true",
                        "persistence_location " + work.resolve("mosquitto-store") + "/",
                        "max_queued_messages 0",
                        // run as root, mosquitto would drop to its own user, who cannot write our temp folder
                        "user " + System.getProperty("user.name"),
                        "log_dest stdout", ""));
                mosquitto = new ProcessBuilder(mosquittoBinary.toString(), "-c", conf.toString())
                        .redirectErrorStream(true).redirectOutput(work.resolve("mosquitto.log").toFile()).start();
                started.add(mosquitto);
                awaitPort(mosquitto, mosquittoPort);
            } else {
                System.out.println("mosquitto is not installed (bash scripts/setup-debian.sh): measuring the embedded broker only");
            }

            String kedgeUrl = "tcp://127.0.0.1:" + kedgePort;
            String mosquittoUrl = "tcp://127.0.0.1:" + mosquittoPort;
            // unmeasured: let the JIT compile the client's and the broker's paths
            rate(kedgeUrl, Math.min(messages, 20_000));
            if (mosquitto != null) {
                rate(mosquittoUrl, Math.min(messages, 20_000));
            }
            long[] kedgeRates = new long[rounds];
            long[] mosquittoRates = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                kedgeRates[r] = rate(kedgeUrl, messages);
                if (mosquitto != null) {
                    mosquittoRates[r] = rate(mosquittoUrl, messages);
                }
            }
            long kedgeRate = KedgeBench.median(kedgeRates);
            System.out.printf("QoS 1 publish -> deliver, %,d messages of %d bytes, 1 publisher / 1 subscriber, median of %d rounds%n",
                    messages, PAYLOAD.length, rounds);
            System.out.printf("  embedded broker (Moquette 0.17): %,d msg/s   rounds %s%n", kedgeRate, java.util.Arrays.toString(kedgeRates));
            if (mosquitto != null) {
                long mosquittoRate = KedgeBench.median(mosquittoRates);
                System.out.printf("  mosquitto 2.0:                   %,d msg/s   rounds %s%n", mosquittoRate,
                        java.util.Arrays.toString(mosquittoRates));
                System.out.printf("  ratio embedded / mosquitto: %.2fx%n", (double) kedgeRate / mosquittoRate);
                System.out.printf("  mosquitto RSS after the load: %.1f MiB%n", KedgeBench.procStatus(mosquitto.pid(), "VmRSS:") / 1024.0);
            }

            long kedgeLoadedRss = KedgeBench.procStatus(kedge.pid(), "VmRSS:");
            long kedgeLoadedHeap = LiveHeap.bytes(kedge.pid());
            Process baseline = KedgeBench.baselineJvm(work, KedgeBench.compileIdle(work));
            started.add(baseline);
            KedgeBench.awaitLog(baseline, work.resolve("baseline.log"), "idle", 30_000);
            Thread.sleep(2_000);
            long baselineRss = KedgeBench.procStatus(baseline.pid(), "VmRSS:");
            System.out.printf("embedded broker JVM (-Xmx96m -XX:+UseSerialGC): RSS idle %.1f MiB, after the load %.1f MiB;"
                    + " bare JVM %.1f MiB -> the broker adds %.1f MiB idle, %.1f MiB loaded%n",
                    kedgeIdleRss / 1024.0, kedgeLoadedRss / 1024.0, baselineRss / 1024.0,
                    (kedgeIdleRss - baselineRss) / 1024.0, (kedgeLoadedRss - baselineRss) / 1024.0);
            System.out.printf("embedded broker live heap after a full GC: idle %.1f MiB, after the load %.1f MiB; threads idle %d%n",
                    kedgeIdleHeap / 1048576.0, kedgeLoadedHeap / 1048576.0, kedgeThreads);
        } finally {
            for (Process process : started) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** mosquitto buffers its log when it is not a terminal: wait until it accepts connections. */
    private static void awaitPort(Process process, int port) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto did not open port " + port);
    }

    /** Messages/s from the first publish to the last delivery; fails when one is missing. */
    static long rate(String url, int messages) throws Exception {
        CountDownLatch all = new CountDownLatch(messages);
        AtomicInteger delivered = new AtomicInteger();
        MqttClient subscriber = new MqttClient(url, "bench-sub", new MemoryPersistence());
        subscriber.setTimeToWait(60_000);
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                delivered.incrementAndGet();
                all.countDown();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(WINDOW * 2);
        subscriber.connect(options);
        subscriber.subscribe("$hw/events/device/+/twin/update", 1);
        MqttAsyncClient publisher = new MqttAsyncClient(url, "bench-pub", new MemoryPersistence());
        publisher.connect(options).waitForCompletion(10_000);
        Semaphore window = new Semaphore(WINDOW);
        IMqttActionListener acked = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                window.release();
            }
        };
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                window.acquire();
                publisher.publish(TOPIC, PAYLOAD, 1, false, null, acked);
            }
            if (!all.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException(url + ": " + delivered.get() + " of " + messages + " delivered");
            }
            long nanos = System.nanoTime() - t0;
            return messages * 1_000_000_000L / nanos;
        } finally {
            close(publisher);
            subscriber.disconnect();
            subscriber.close();
        }
    }

    private static void close(MqttAsyncClient client) throws MqttException {
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }
}
