package io.kedge.devicetwin;

import static io.kedge.devicetwin.TwinFixture.PREFIX;
import static io.kedge.devicetwin.TwinFixture.THERMO;
import static io.kedge.devicetwin.TwinFixture.thermo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.devicetwin.port.CloudReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readings and states from DMI take the path of a mapper's MQTT twin and state updates. */
class DeviceReportsTest {
    @TempDir
    Path dir;
    TwinFixture node;

    @BeforeEach
    void boundDevice() throws Exception {
        node = new TwinFixture(dir);
        node.twin.upsert(thermo("auto", null));
    }

    @AfterEach
    void close() throws Exception {
        node.close();
    }

    @Test
    void aReportFromDmiGivesTheSameDocumentsAndCloudReportAsAnMqttUpdate() throws Exception {
        node.mqtt.clear();
        node.clock.set(2000);
        node.twin.reportTwins(THERMO, Map.of("temperature", "21"), 1500);
        String viaDmi = node.mqtt.last(PREFIX + "/twin/update/document");
        CloudReport dmiReport = node.cloud.outbox().get("devicetwin/default/thermo/twin/temperature");

        try (TwinFixture other = new TwinFixture(dir.resolve("other"))) {
            other.twin.upsert(thermo("auto", null));
            other.clock.set(1500);
            other.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":{\"actual\":{\"value\":\"21\"}}}}");
            assertThat(viaDmi.replaceAll("\"event_id\":\"[^\"]*\"", ""))
                    .isEqualTo(other.mqtt.last(PREFIX + "/twin/update/document").replaceAll("\"event_id\":\"[^\"]*\"", ""));
            assertThat(dmiReport).isEqualTo(other.cloud.outbox().get("devicetwin/default/thermo/twin/temperature"));
        }
        assertThat(dmiReport).isEqualTo(new CloudReport.Twin(THERMO, "temperature", "int", "21", 1500, null, 0,
                new CloudReport.Version(0, 1), null));
        assertThat(node.twin.devices().get(THERMO).twins().get("temperature").actual().value()).isEqualTo("21");
    }

    @Test
    void aValueThatDoesNotFitItsTwinIsRefusedAndNothingIsKept() {
        node.mqtt.clear();

        assertThatThrownBy(() -> node.twin.reportTwins(THERMO, Map.of("temperature", "warm", "mode", "eco"), 2000))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(node.twin.devices().get(THERMO).twins().get("mode").actual()).isNull();
        assertThat(node.cloud.outbox()).doesNotContainKey("devicetwin/default/thermo/twin/mode");
    }

    @Test
    void aDeviceNotHeldYetIsRefusedForLater() {
        assertThatThrownBy(() -> node.twin.reportTwins("default/other", Map.of("x", "1"), 2000))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> node.twin.reportState("default/other", "online", ""))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStateFromDmiIsKeptPublishedAndReportedUp() {
        node.clock.set(1_700_000_000_000L);

        node.twin.reportState(THERMO, "offline", "connection refused");

        assertThat(node.twin.devices().get(THERMO).state()).isEqualTo("offline");
        assertThat(node.mqtt.last(PREFIX + "/state/update/result")).contains("\"state\":\"offline\"");
        assertThat(node.cloud.outbox()).containsEntry("devicetwin/default/thermo/state",
                new CloudReport.State(THERMO, "offline", ""));
        assertThatThrownBy(() -> node.twin.reportState(THERMO, "sleepy", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
