package io.kedge.devicetwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.outbox.OutboxStats;
import io.kedge.api.outbox.UpstreamOutbox;
import io.kedge.devicetwin.port.CloudReport;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.device.DeviceStateReport;
import io.kedge.protocol.device.DeviceTwinReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboxCloudPortTest {
    /** Keeps what was put, by key, as the outbox's coalescing does. */
    private static final class RecordingOutbox implements UpstreamOutbox {
        final Map<String, Message> byKey = new LinkedHashMap<>();

        @Override
        public void put(String key, Message message) {
            byKey.put(key, message);
        }

        @Override
        public CompletableFuture<Void> putAsync(String key, Message message) {
            put(key, message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public OutboxStats stats() {
            throw new UnsupportedOperationException();
        }
    }

    private final RecordingOutbox outbox = new RecordingOutbox();
    private final OutboxCloudPort port = new OutboxCloudPort(outbox, () -> 1_700_000_000_000L);

    @Test
    void aTwinGoesUpAsTheCloudsTwinReportUnderItsPropertysKey() throws Exception {
        CloudReport.Twin twin = new CloudReport.Twin("plant/thermo-1", "temperature", "float", "22.1", 1_700_000_000_500L,
                "21.5", 1_699_999_999_000L, new CloudReport.Version(2, 3), new CloudReport.Version(1, 0));

        port.report(twin.key(), twin).join();

        Message sent = outbox.byKey.get(DeviceTwinReport.outboxKey("plant", "thermo-1", "temperature"));
        assertThat(sent.group()).isEqualTo(Groups.TWIN);
        assertThat(sent.operation()).isEqualTo(Operations.UPDATE);
        assertThat(sent.resource()).isEqualTo(DeviceTwinReport.resource("plant", "thermo-1"));
        DeviceTwinReport report = DeviceTwinReport.parse(sent.content());
        assertThat(report.twins()).containsOnlyKeys("temperature");
        assertThat(report.twins().get("temperature").actual().value()).isEqualTo("22.1");
        assertThat(report.twins().get("temperature").actual().timestamp()).isEqualTo(1_700_000_000_500L);
        assertThat(report.twins().get("temperature").expected().value()).isEqualTo("21.5");
        assertThat(report.twins().get("temperature").type()).isEqualTo("float");
    }

    @Test
    void aTwinWithNothingReportedYetCarriesOnlyTheDesiredValueItSaw() throws Exception {
        CloudReport.Twin twin = new CloudReport.Twin("plant/thermo-1", "unit", "string", null, 0, "C", 5,
                new CloudReport.Version(0, 0), new CloudReport.Version(1, 0));

        port.report(twin.key(), twin).join();

        DeviceTwinReport report = DeviceTwinReport.parse(outbox.byKey.values().iterator().next().content());
        assertThat(report.twins().get("unit").actual()).isNull();
        assertThat(report.twins().get("unit").expected().value()).isEqualTo("C");
    }

    @Test
    void aStateGoesUpUnderTheDevicesStateKey() throws Exception {
        CloudReport.State state = new CloudReport.State("plant/thermo-1", "online", "2026-12-03T14:00:00Z");

        port.report(state.key(), state).join();

        Message sent = outbox.byKey.get(DeviceStateReport.outboxKey("plant", "thermo-1"));
        DeviceStateReport report = DeviceStateReport.parse(sent.content());
        assertThat(report.state()).isEqualTo("online");
        assertThat(report.lastOnlineTime()).isEqualTo("2026-12-03T14:00:00Z");
        assertThat(sent.resource()).isEqualTo(DeviceStateReport.resource("plant", "thermo-1"));
    }
}
