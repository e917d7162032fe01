package io.kedge.mapper.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kedge.mapper.api.ConfigData;
import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceSpec;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.MapperException.Reason;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.ValueType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualMapperTest {
    private static final Instant QUARTER = Instant.ofEpochMilli(15_000); // a quarter of the default 60 s period

    @TempDir
    Path data;

    private final VirtualMapper mapper = new VirtualMapper(new CounterStore(Optional.empty()),
            Clock.fixed(QUARTER, ZoneOffset.UTC));

    static PropertySpec property(String name, ValueType type, Map<String, ?> visitor) {
        return new PropertySpec(name, type, true, ConfigData.of(visitor), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    static DeviceSpec device(Map<String, ?> config, PropertySpec... properties) {
        return new DeviceSpec("default/sim", "virtual", ConfigData.of(config), List.of(properties));
    }

    private String read(DeviceConnection connection, PropertySpec property) throws MapperException {
        return connection.read(property).value();
    }

    @Test
    void constantReadsItsValueInTheTypesFormAndAWriteReplacesIt() throws Exception {
        PropertySpec temp = property("temp", ValueType.FLOAT, Map.of("function", "constant", "value", "21.50"));
        PropertySpec on = property("on", ValueType.BOOLEAN, Map.of("function", "constant", "value", "TRUE"));
        PropertySpec label = property("label", ValueType.STRING, Map.of("function", "constant", "value", 7));
        try (DeviceConnection connection = mapper.connect(device(Map.of(), temp, on, label))) {
            assertThat(read(connection, temp)).isEqualTo("21.5");
            assertThat(read(connection, on)).isEqualTo("true");
            assertThat(read(connection, label)).isEqualTo("7");

            connection.write(temp, "19");
            connection.write(on, "false");
            assertThat(read(connection, temp)).isEqualTo("19.0");
            assertThat(read(connection, temp)).isEqualTo("19.0");
            assertThat(read(connection, on)).isEqualTo("false");
        }
    }

    @Test
    void randomStaysInItsRangeRepeatsWithASeedAndAWriteRecentresIt() throws Exception {
        PropertySpec seeded = property("r", ValueType.DOUBLE, Map.of("function", "random", "min", 10, "max", 20, "seed", 42));
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        try (DeviceConnection a = mapper.connect(device(Map.of(), seeded));
                DeviceConnection b = mapper.connect(device(Map.of(), seeded))) {
            for (int i = 0; i < 200; i++) {
                first.add(read(a, seeded));
                second.add(read(b, seeded));
            }
            assertThat(first).isEqualTo(second);
            assertThat(first.stream().mapToDouble(Double::parseDouble)).allSatisfy(v -> assertThat(v).isBetween(10.0, 20.0));
            assertThat(new HashSet<>(first)).hasSizeGreaterThan(150);

            a.write(seeded, "100");
            for (int i = 0; i < 100; i++) {
                assertThat(Double.parseDouble(read(a, seeded))).isBetween(95.0, 105.0);
            }
        }
    }

    @Test
    void randomIntCoversBothEndsOfItsRange() throws Exception {
        PropertySpec dice = property("dice", ValueType.INT, Map.of("function", "random", "min", 1, "max", 6, "seed", 7));
        Set<String> seen = new HashSet<>();
        try (DeviceConnection connection = mapper.connect(device(Map.of(), dice))) {
            for (int i = 0; i < 500; i++) {
                seen.add(read(connection, dice));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");
    }

    @Test
    void sineFollowsTheClockAndAWriteSetsItsOffset() throws Exception {
        PropertySpec wave = property("wave", ValueType.DOUBLE, Map.of("function", "sine", "amplitude", 10, "offset", 20));
        PropertySpec fast = property("fast", ValueType.INT,
                Map.of("function", "sine", "amplitude", 5, "periodMs", 30_000, "offset", 0));
        try (DeviceConnection connection = mapper.connect(device(Map.of(), wave, fast))) {
            // t = 15 s: a quarter of 60 s (the peak), half of 30 s (zero crossing)
            assertThat(Double.parseDouble(read(connection, wave))).isCloseTo(30.0, within(1e-9));
            assertThat(read(connection, fast)).isEqualTo("0");
            connection.write(wave, "-5");
            assertThat(Double.parseDouble(read(connection, wave))).isCloseTo(5.0, within(1e-9));
        }
    }

    @Test
    void sineTakesItsPhaseFromTheClockSoReconnectingDoesNotRestartIt() throws Exception {
        PropertySpec wave = property("wave", ValueType.DOUBLE, Map.of("function", "sine", "amplitude", 2, "periodMs", 4_000));
        MovableClock clock = new MovableClock();
        VirtualMapper moving = new VirtualMapper(new CounterStore(Optional.empty()), clock);
        List<Double> seen = new ArrayList<>();
        for (long millis : new long[] {0, 1_000, 2_000, 3_000, 4_000}) {
            clock.millis = 1_000_000 + millis; // a whole number of periods, then steps of a quarter
            try (DeviceConnection connection = moving.connect(device(Map.of(), wave))) {
                seen.add(Double.parseDouble(read(connection, wave)));
            }
        }
        assertThat(seen).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b))
                .containsExactly(0.0, 2.0, 0.0, -2.0, 0.0);
    }

    @Test
    void counterIsStrictlyIncreasingPerReadAndAWriteRestartsIt() throws Exception {
        PropertySpec count = property("count", ValueType.INT, Map.of("function", "counter", "start", 5, "step", 3));
        try (DeviceConnection connection = mapper.connect(device(Map.of(), count))) {
            assertThat(List.of(read(connection, count), read(connection, count), read(connection, count)))
                    .containsExactly("5", "8", "11");
            connection.write(count, "100");
            assertThat(read(connection, count)).isEqualTo("100");
            assertThat(read(connection, count)).isEqualTo("103");
            assertThatThrownBy(() -> connection.write(count, "1.5")).isInstanceOfSatisfying(MapperException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.BAD_VALUE));
        }
    }

    @Test
    void counterContinuesWhenTheDeviceReconnectsAndRestartsWhenItsStartChanges() throws Exception {
        PropertySpec count = property("count", ValueType.DOUBLE, Map.of("function", "counter"));
        try (DeviceConnection connection = mapper.connect(device(Map.of(), count))) {
            assertThat(read(connection, count)).isEqualTo("0.0");
            assertThat(read(connection, count)).isEqualTo("1.0");
        }
        try (DeviceConnection again = mapper.connect(device(Map.of(), count))) {
            assertThat(read(again, count)).isEqualTo("2.0");
        }
        PropertySpec moved = property("count", ValueType.INT, Map.of("function", "counter", "start", 50));
        try (DeviceConnection changed = mapper.connect(device(Map.of(), moved))) {
            assertThat(read(changed, moved)).isEqualTo("50");
        }
    }

    @Test
    void counterContinuesInTheNextMapperInstanceThroughItsSavedState() throws Exception {
        Path file = data.resolve("counters.properties");
        PropertySpec count = property("count", ValueType.INT, Map.of("function", "counter", "start", 1));
        VirtualMapper before = new VirtualMapper(new CounterStore(Optional.of(file)), Clock.systemUTC());
        DeviceConnection connection = before.connect(device(Map.of(), count));
        assertThat(List.of(read(connection, count), read(connection, count))).containsExactly("1", "2");
        before.deactivate();
        assertThatThrownBy(() -> connection.read(count)).isInstanceOfSatisfying(MapperException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));

        VirtualMapper after = new VirtualMapper(new CounterStore(Optional.of(file)), Clock.systemUTC());
        try (DeviceConnection next = after.connect(device(Map.of(), count))) {
            assertThat(read(next, count)).isEqualTo("3");
        }
    }

    @Test
    void writesToReadOnlyPropertiesAndValuesOfTheWrongTypeAreRefused() throws Exception {
        PropertySpec readOnly = new PropertySpec("ro", ValueType.INT, false,
                ConfigData.of(Map.of("function", "constant", "value", 1)), Duration.ofSeconds(1), Duration.ofSeconds(1));
        PropertySpec number = property("n", ValueType.INT, Map.of("function", "constant", "value", 1));
        PropertySpec flag = property("f", ValueType.BOOLEAN, Map.of("function", "constant", "value", true));
        try (DeviceConnection connection = mapper.connect(device(Map.of(), readOnly, number, flag))) {
            assertRefused(() -> connection.write(readOnly, "2"), Reason.UNSUPPORTED, "read-only");
            assertRefused(() -> connection.write(number, "two"), Reason.BAD_VALUE, "'two' is not a whole number");
            assertRefused(() -> connection.write(flag, "yes"), Reason.BAD_VALUE, "not true or false");
            assertThat(read(connection, readOnly)).isEqualTo("1");
            assertThat(read(connection, number)).isEqualTo("1");
            assertThat(read(connection, flag)).isEqualTo("true");
        }
    }

    @Test
    void badConfigurationFailsTheConnectNamingTheKey() {
        assertBadConfig(device(Map.of(), property("p", ValueType.INT, Map.of())), "configData.function is required");
        assertBadConfig(device(Map.of(), property("p", ValueType.INT, Map.of("function", "square"))),
                "configData.function must be constant, random, sine or counter, not 'square'");
        assertBadConfig(device(Map.of(), property("p", ValueType.INT, Map.of("function", "constant"))),
                "configData.value is required");
        assertBadConfig(device(Map.of(), property("p", ValueType.INT, Map.of("function", "constant", "value", "x"))),
                "configData.value 'x' is not a whole number");
        assertBadConfig(device(Map.of(), property("p", ValueType.DOUBLE, Map.of("function", "random", "min", 5, "max", 5))),
                "configData.max must be greater than min");
        assertBadConfig(device(Map.of(), property("p", ValueType.DOUBLE, Map.of("function", "random", "seed", "abc"))),
                "configData.seed must be a whole number");
        assertBadConfig(device(Map.of(), property("p", ValueType.DOUBLE, Map.of("function", "sine", "periodMs", 0))),
                "configData.periodMs must be between 1 and");
        assertBadConfig(device(Map.of(), property("p", ValueType.DOUBLE, Map.of("function", "sine", "amplitude", "big"))),
                "configData.amplitude must be a number");
        assertBadConfig(device(Map.of(), property("p", ValueType.INT, Map.of("function", "counter", "step", 0))),
                "configData.step must be between 1 and");
        assertBadConfig(device(Map.of(), property("p", ValueType.BOOLEAN, Map.of("function", "counter"))),
                "configData.function counter makes numbers");
        assertBadConfig(device(Map.of("readDelayMs", -1)), "configData.readDelayMs must be between 0 and 600000");
        assertBadConfig(device(Map.of("unreachable", "maybe")), "configData.unreachable must be true or false");
    }

    @Test
    void anUnreachableDeviceFailsToConnect() {
        assertThatThrownBy(() -> mapper.connect(device(Map.of("unreachable", true))))
                .isInstanceOfSatisfying(MapperException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
                    assertThat(e.getMessage()).contains("default/sim is unreachable");
                });
    }

    @Test
    void aSlowDeviceAnswersAfterItsDelay() throws Exception {
        PropertySpec p = property("p", ValueType.INT, Map.of("function", "constant", "value", 1));
        try (DeviceConnection connection = mapper.connect(device(Map.of("readDelayMs", 300), p))) {
            long start = System.nanoTime();
            assertThat(read(connection, p)).isEqualTo("1");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        }
    }

    @Test
    void aSlowReadEndsWhenItsThreadIsInterrupted() throws Exception {
        PropertySpec p = property("p", ValueType.INT, Map.of("function", "constant", "value", 1));
        try (DeviceConnection connection = mapper.connect(device(Map.of("readDelayMs", 600_000), p))) {
            Thread.currentThread().interrupt();
            assertRefused(() -> connection.read(p), Reason.UNREACHABLE, "read interrupted");
            assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        }
    }

    @Test
    void aHangingReadBlocksUntilTheConnectionCloses() throws Exception {
        PropertySpec p = property("p", ValueType.INT, Map.of("function", "constant", "value", 1));
        DeviceConnection connection = mapper.connect(device(Map.of("hangReads", true), p));
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return read(connection, p);
            } catch (MapperException e) {
                return e.reason() + ": " + e.getMessage();
            }
        });
        // it must still hang after a while; then closing ends it
        assertThatThrownBy(() -> read.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(java.util.concurrent.TimeoutException.class);
        connection.close();
        assertThat(read.get(10, TimeUnit.SECONDS)).startsWith("UNREACHABLE").contains("connection closed during the read");
    }

    @Test
    void stoppingTheMapperEndsHangingReadsAndRefusesNewConnections() throws Exception {
        PropertySpec p = property("p", ValueType.INT, Map.of("function", "constant", "value", 1));
        DeviceConnection connection = mapper.connect(device(Map.of("hangReads", true), p));
        CompletableFuture<Reason> read = CompletableFuture.supplyAsync(() -> {
            try {
                connection.read(p);
                return null;
            } catch (MapperException e) {
                return e.reason();
            }
        });
        mapper.deactivate();
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(Reason.UNREACHABLE);
        assertRefused(() -> mapper.connect(device(Map.of(), p)), Reason.UNREACHABLE, "stopping");
    }

    @Test
    void failingReadsReportUnreachable() throws Exception {
        PropertySpec p = property("p", ValueType.INT, Map.of("function", "constant", "value", 1));
        try (DeviceConnection connection = mapper.connect(device(Map.of("failReads", "true"), p))) {
            assertRefused(() -> connection.read(p), Reason.UNREACHABLE, "does not answer");
            connection.write(p, "2");
        }
    }

    @Test
    void aPropertyChangedSinceTheConnectIsReadAfterItsNewVisitor() throws Exception {
        PropertySpec before = property("p", ValueType.INT, Map.of("function", "constant", "value", 1));
        PropertySpec after = property("p", ValueType.INT, Map.of("function", "constant", "value", 2));
        PropertySpec broken = property("p", ValueType.INT, Map.of("function", "nope"));
        try (DeviceConnection connection = mapper.connect(device(Map.of(), before))) {
            assertThat(read(connection, after)).isEqualTo("2");
            assertRefused(() -> connection.read(broken), Reason.BAD_CONFIG, "configData.function must be");
        }
    }

    private void assertBadConfig(DeviceSpec device, String message) {
        assertRefused(() -> mapper.connect(device), Reason.BAD_CONFIG, message);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MapperException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(message);
        });
    }

    private static final class MovableClock extends Clock {
        volatile long millis;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
