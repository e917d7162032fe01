package io.kedge.dmi;

import static io.kedge.dmi.Devices.added;
import static io.kedge.dmi.Devices.device;
import static io.kedge.dmi.Devices.model;
import static io.kedge.dmi.Devices.modified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kedge.api.devices.MappedDevice;
import io.kedge.api.devices.MapperSummary;
import io.kedge.mapper.api.MapperException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DMI's binding, cycles, writes and reports with an in-memory mapper and DeviceTwin. */
class DmiTest {
    private static final String THERMO = "default/thermo";
    private static final String OTHER = "default/other";

    private final JdkExecutors executors = new JdkExecutors();
    private final FakeMapper mapper = new FakeMapper();
    private final RecordingReports reports = new RecordingReports();
    private final RecordingReadings readings = new RecordingReadings();
    private final ReadingListeners listeners = new ReadingListeners(executors.blocking, 100_000);
    private Dmi dmi;

    @BeforeEach
    void start() {
        DmiSettings settings = new DmiSettings(Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofSeconds(1), 100);
        listeners.add(readings);
        dmi = new Dmi(new DeviceSpecs(settings.defaultCycle()), executors.loop, executors.blocking, settings, listeners);
        dmi.onMeta(added(model("thermo-model")));
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(10));
    }

    @AfterEach
    void stop() throws Exception {
        mapper.release.countDown();
        dmi.close().get(5, TimeUnit.SECONDS);
        executors.close();
    }

    private MapperRef ref(FakeMapper fake, String protocol, long serviceId) {
        return new MapperRef(fake, protocol, "io.kedge.mapper.fake", "1.0.0", 0, serviceId);
    }

    @Test
    void aDeviceIsBoundWhenItsMapperComesAndUnboundWhenItGoes() throws Exception {
        dmi.reportsChanged(reports);
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));
        await().until(() -> dmi.unboundDevices().equals(
                List.of(new MappedDevice(THERMO, "fake", "unknown", "no mapper for protocol fake"))));
        assertThat(reports.states).as("a mapper over MQTT may serve it: its state is not DMI's to report").isEmpty();

        MapperRef fake = ref(mapper, "fake", 1);
        mapper.values.put(THERMO + "/temperature", "21");
        dmi.mapperAdded(fake);

        await().until(() -> "21".equals(reports.lastValue(THERMO + "/temperature")));
        assertThat(reports.lastState(THERMO)).isEqualTo("online: ");
        assertThat(dmi.mappers()).singleElement().satisfies(summary -> {
            assertThat(summary.protocol()).isEqualTo("fake");
            assertThat(summary.healthy()).isTrue();
            assertThat(summary.devices()).containsExactly(new MappedDevice(THERMO, "fake", "online", ""));
        });

        dmi.mapperRemoved(fake).get(5, TimeUnit.SECONDS);

        assertThat(mapper.closes(THERMO)).isEqualTo(1);
        await().until(() -> "unknown: no mapper for protocol fake".equals(reports.lastState(THERMO)));
        assertThat(dmi.mappers()).isEmpty();
        assertThat(dmi.unboundDevices()).extracting(MappedDevice::id).containsExactly(THERMO);
        int reads = mapper.reads(THERMO + "/temperature");
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> mapper.reads(THERMO + "/temperature") == reads);
    }

    @Test
    void everyReadingReachesTheListenersWithThePropertysPushMethod() throws Exception {
        dmi.reportsChanged(reports);
        MapperRef fake = ref(mapper, "fake", 1);
        dmi.mapperAdded(fake);
        com.fasterxml.jackson.databind.node.ObjectNode device =
                (com.fasterxml.jackson.databind.node.ObjectNode) device("thermo", "fake", "10.0.0.1", "");
        ((com.fasterxml.jackson.databind.node.ObjectNode) device.path("spec").path("properties").get(0)).set("pushMethod",
                Devices.json("{\"mqtt\":{\"topic\":\"plant/t\",\"qos\":1,\"retained\":false}}"));
        dmi.onMeta(added(device));
        for (String value : List.of("20", "21", "25")) {
            mapper.values.put(THERMO + "/temperature", value);
            await().until(() -> readings.values(THERMO, "temperature").contains(value));
        }
        dmi.mapperRemoved(fake).get(5, TimeUnit.SECONDS);

        // every read, not one per report cycle: reads every 20 ms, reports every 50 ms
        await().until(() -> readings.values(THERMO, "temperature").size() == mapper.reads(THERMO + "/temperature"));
        assertThat(readings.values(THERMO, "temperature").size()).isGreaterThan(reports.values(THERMO + "/temperature").size());
        assertThat(readings.values(THERMO, "temperature")).containsSubsequence("20", "21", "25");
        assertThat(readings.pushMethod(THERMO, "temperature"))
                .isEqualTo(java.util.Map.of("mqtt", java.util.Map.of("topic", "plant/t", "qos", 1L, "retained", false)));
        assertThat(readings.pushMethod(THERMO, "target")).isEmpty();
    }

    @Test
    void reportsCarryTheLatestReading() {
        dmi.reportsChanged(reports);
        dmi.mapperAdded(ref(mapper, "fake", 1));
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));

        for (String value : List.of("20", "21", "25", "19")) {
            mapper.values.put(THERMO + "/temperature", value);
            await().until(() -> value.equals(reports.lastValue(THERMO + "/temperature")));
        }
        // a report per report cycle (20 ms reads, 50 ms reports), with the latest reading only
        assertThat(reports.values(THERMO + "/temperature")).containsSubsequence("20", "21", "25", "19");
        assertThat(reports.values(THERMO + "/temperature").size()).isLessThan(mapper.reads(THERMO + "/temperature"));
    }

    @Test
    void aReadThatNeverReturnsMakesOnlyThatDeviceUnknown() {
        dmi.reportsChanged(reports);
        dmi.mapperAdded(ref(mapper, "fake", 1));
        mapper.hanging.put(THERMO + "/temperature", true);
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));
        dmi.onMeta(added(device("other", "fake", "10.0.0.2", "")));

        await().until(() -> "unknown: read of temperature timed out".equals(reports.lastState(THERMO)));
        for (String value : List.of("1", "2", "3")) {
            mapper.values.put(OTHER + "/temperature", value);
            await().until(() -> value.equals(reports.lastValue(OTHER + "/temperature")));
        }

        assertThat(mapper.reads(THERMO + "/temperature")).isEqualTo(1);
        assertThat(mapper.reads(THERMO + "/target")).isZero();
        assertThat(reports.lastState(OTHER)).isEqualTo("online: ");

        mapper.release.countDown(); // the device answers again
        await().until(() -> "online: ".equals(reports.lastState(THERMO)));
    }

    @Test
    void anUnreachableDeviceIsOfflineAndOnlineOnceItAnswers() {
        dmi.reportsChanged(reports);
        AtomicInteger failures = new AtomicInteger(3);
        mapper.connectFailure = id -> failures.getAndDecrement() > 0
                ? new MapperException(MapperException.Reason.UNREACHABLE, "connection refused by 10.0.0.1:502") : null;
        dmi.mapperAdded(ref(mapper, "fake", 1));
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));

        await().until(() -> "online: ".equals(reports.lastState(THERMO)));
        assertThat(reports.states.get(THERMO)).containsExactly("offline: connection refused by 10.0.0.1:502", "online: ");
        assertThat(mapper.connects(THERMO)).isEqualTo(4);
    }

    @Test
    void badConfigIsNotRetriedUntilTheDeviceChanges() {
        dmi.reportsChanged(reports);
        mapper.connectFailure = id -> new MapperException(MapperException.Reason.BAD_CONFIG, "configData.port must be a number");
        dmi.mapperAdded(ref(mapper, "fake", 1));
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));

        await().until(() -> "unknown: configData.port must be a number".equals(reports.lastState(THERMO)));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> mapper.connects(THERMO) == 1);

        mapper.connectFailure = id -> null;
        dmi.onMeta(modified(device("thermo", "fake", "10.0.0.9", "")));
        await().until(() -> "online: ".equals(reports.lastState(THERMO)));
        assertThat(mapper.connects(THERMO)).isEqualTo(2);
    }

    @Test
    void aDesiredValueIsWrittenOncePerChange() throws Exception {
        dmi.reportsChanged(reports);
        MapperRef first = ref(mapper, "fake", 1);
        dmi.mapperAdded(first);
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "22")));
        await().until(() -> mapper.writes.contains(THERMO + "/target=22"));

        dmi.onMeta(modified(device("thermo", "fake", "10.0.0.1", "22")));
        dmi.onMeta(modified(device("thermo", "fake", "10.0.0.1", "23")));
        await().until(() -> mapper.writes.contains(THERMO + "/target=23"));

        // a new mapper instance for the protocol: the device is bound again, nothing new to write
        FakeMapper second = new FakeMapper();
        dmi.mapperRemoved(first).get(5, TimeUnit.SECONDS);
        dmi.mapperAdded(ref(second, "fake", 2));
        await().until(() -> second.reads(THERMO + "/temperature") > 2);

        assertThat(mapper.writes).containsExactly(THERMO + "/target=22", THERMO + "/target=23");
        assertThat(second.writes).isEmpty();

        second.refusedValue = "999";
        dmi.onMeta(modified(device("thermo", "fake", "10.0.0.1", "999")));
        await().until(() -> "online: write of target refused: 999 is out of range".equals(reports.lastState(THERMO)));
        assertThat(second.writes).isEmpty();
    }

    @Test
    void aMalformedDeviceIsUnknownWithItsReasonAndOthersGoOn() {
        dmi.reportsChanged(reports);
        dmi.mapperAdded(ref(mapper, "fake", 1));
        mapper.values.put(THERMO + "/temperature", "21");
        String broken = device("broken", "fake", "10.0.0.3", "").toString().replace("\"collectCycle\":20", "\"collectCycle\":\"often\"");
        dmi.onMeta(added(Devices.json(broken)));
        dmi.onMeta(added(Devices.json(device("nomodel", "fake", "10.0.0.4", "").toString().replace("thermo-model", "gone"))));
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));

        await().until(() -> "21".equals(reports.lastValue(THERMO + "/temperature")));
        assertThat(reports.lastState("default/broken"))
                .isEqualTo("unknown: spec.properties[0].collectCycle must be a whole number of milliseconds, not \"often\"");
        assertThat(mapper.connects("default/broken")).isZero();
        // the store hands devices before models: a missing model is shown, not reported, until the device was bound
        assertThat(reports.lastState("default/nomodel")).isNull();
        assertThat(dmi.unboundDevices()).containsExactly(
                new MappedDevice("default/broken", "fake", "unknown",
                        "spec.properties[0].collectCycle must be a whole number of milliseconds, not \"often\""),
                new MappedDevice("default/nomodel", "fake", "unknown", "model gone is not on this node"));
    }

    @Test
    void readingsTakenWhileNoDeviceTwinTakesThemAreReportedOnceOneDoes() throws Exception {
        MapperRef fake = ref(mapper, "fake", 1);
        mapper.values.put(THERMO + "/temperature", "7");
        dmi.mapperAdded(fake);
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));
        await().until(() -> mapper.reads(THERMO + "/temperature") > 0);
        dmi.mapperRemoved(fake).get(5, TimeUnit.SECONDS); // e.g. the mapper bundle is updated

        reports.refusing = true;
        dmi.reportsChanged(reports);
        await().until(() -> dmi.queued() > 0);
        reports.refusing = false; // DeviceTwin is back

        await().until(() -> "7".equals(reports.lastValue(THERMO + "/temperature")));
        assertThat(reports.values(THERMO + "/temperature")).containsExactly("7");
        await().until(() -> dmi.queued() == 0);
    }

    @Test
    void ofTwoMappersOfOneProtocolOneServesAndTheOtherTakesOver() throws Exception {
        dmi.reportsChanged(reports);
        FakeMapper standby = new FakeMapper();
        MapperRef first = ref(mapper, "fake", 1);
        dmi.mapperAdded(first);
        dmi.mapperAdded(ref(standby, "fake", 2));
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));
        await().until(() -> mapper.reads(THERMO + "/temperature") > 0);
        assertThat(dmi.mappers()).extracting(MapperSummary::active).containsExactlyInAnyOrder(true, false);
        assertThat(standby.connects(THERMO)).isZero();

        dmi.mapperRemoved(first).get(5, TimeUnit.SECONDS);

        await().until(() -> standby.reads(THERMO + "/temperature") > 0);
    }

    @Test
    void aPushedPropertyIsReportedAndNotPolled() throws Exception {
        dmi.reportsChanged(reports);
        mapper.pushTemperature = true;
        MapperRef fake = ref(mapper, "fake", 1);
        dmi.mapperAdded(fake);
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));
        await().until(() -> mapper.sinks.containsKey(THERMO));

        mapper.sinks.get(THERMO).accept(io.kedge.mapper.api.Reading.now("30"));

        await().until(() -> "30".equals(reports.lastValue(THERMO + "/temperature")));
        await().until(() -> mapper.reads(THERMO + "/target") > 2);
        assertThat(mapper.reads(THERMO + "/temperature")).isZero();
        dmi.mapperRemoved(fake).get(5, TimeUnit.SECONDS);
        assertThat(mapper.unsubscribes.get(THERMO)).hasValue(1);
    }

    @Test
    void aDeviceTwinThatLeavesAfterItsSuccessorCameDoesNotStopReports() {
        RecordingReports successor = new RecordingReports();
        dmi.reportsChanged(reports);
        dmi.reportsChanged(successor);
        dmi.reportsRemoved(reports);
        dmi.mapperAdded(ref(mapper, "fake", 1));
        mapper.values.put(THERMO + "/temperature", "12");
        dmi.onMeta(added(device("thermo", "fake", "10.0.0.1", "")));

        await().until(() -> "12".equals(successor.lastValue(THERMO + "/temperature")));
        assertThat(reports.twins).isEmpty();
    }
}
