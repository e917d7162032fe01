package io.kedge.devicetwin;

import io.kedge.devicetwin.port.CloudDevice;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A DeviceTwin on a real SQLite file with in-memory ports, a settable clock and numbered event ids. */
final class TwinFixture implements AutoCloseable {
    static final String NODE = "edge-1";
    static final String THERMO = "default/thermo";
    static final String PREFIX = "$hw/events/device/" + THERMO;

    final Path file;
    final InMemoryMqtt mqtt = new InMemoryMqtt();
    final InMemoryCloud cloud;
    final AtomicLong clock = new AtomicLong(1000);
    final AtomicInteger events = new AtomicInteger();
    final TwinStore store;
    final DeviceTwin twin;

    TwinFixture(Path dir) throws Exception {
        this(dir.resolve("devicetwin").resolve("twin.db"), new InMemoryCloud());
    }

    TwinFixture(Path file, InMemoryCloud cloud) throws Exception {
        this.file = file;
        this.cloud = cloud;
        this.store = TwinStore.open(file, 1_000);
        this.twin = new DeviceTwin(NODE, store, mqtt, cloud, 64 * 1024, clock::get, () -> "e" + events.incrementAndGet());
        mqtt.subscribe(twin.topicFilters(), twin::onMessage);
        twin.resendPending();
    }

    /** The same file opened again, as after a restart of the node. */
    TwinFixture reopen() throws Exception {
        close();
        return new TwinFixture(file, cloud);
    }

    static CloudDevice thermo(String desiredMode, String desiredTemperature) {
        return new CloudDevice(THERMO, "thermo", "", Map.of("vendor", new CloudDevice.Attribute("acme", "string", false)),
                Map.of("mode", new CloudDevice.Property("string", desiredMode),
                        "temperature", new CloudDevice.Property("int", desiredTemperature)));
    }

    @Override
    public void close() throws Exception {
        store.close();
    }
}
