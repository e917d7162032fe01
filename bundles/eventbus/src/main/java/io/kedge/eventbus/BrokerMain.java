package io.kedge.eventbus;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The embedded broker alone in a JVM, configured as the node configures it, with its received
 * messages taken off the broker as the node takes them: {@code BrokerMain PORT DATA_DIR [KEY=VALUE...]},
 * where the optional pairs replace Moquette settings (to try a tuning). For
 * {@code ./kedge bench mqtt}, which compares it with mosquitto as separate processes.
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        EventBusConfiguration config = ConfigValues.of(Map.of("port", Integer.parseInt(args[0])));
        ExecutorService deliveryThread = Executors.newSingleThreadExecutor();
        Delivery delivery = new Delivery(deliveryThread, config.delivery_queue(), message -> { });
        Properties settings = MoquetteSettings.of(config, Path.of(args[1]));
        int ioThreads = config.io_threads();
        for (int i = 2; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            if (pair[0].equals("io_threads")) {
                ioThreads = Integer.parseInt(pair[1]);
            } else {
                settings.setProperty(pair[0], pair[1]);
            }
        }
        EmbeddedBroker broker = EmbeddedBroker.start(settings, ioThreads,
                null, null, delivery::offer);
        System.out.println("kedge broker listening on " + broker.port());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        new CountDownLatch(1).await();
    }
}
