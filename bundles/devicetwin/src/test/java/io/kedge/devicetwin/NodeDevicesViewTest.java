package io.kedge.devicetwin;

import static io.kedge.devicetwin.TwinFixture.PREFIX;
import static io.kedge.devicetwin.TwinFixture.THERMO;
import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.TwinSummary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeDevicesViewTest {
    @TempDir
    Path dir;

    @Test
    void showsEachDeviceWithItsStateAndTwinsDesiredAndReportedWithTheirTimes() throws Exception {
        try (TwinFixture node = new TwinFixture(dir)) {
            NodeDevicesView view = new NodeDevicesView(node.twin::devices);
            assertThat(view.devices()).isEmpty();

            node.clock.set(5_000);
            node.twin.upsert(TwinFixture.thermo("auto", "21"));
            node.clock.set(7_000);
            node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":{\"actual\":{\"value\":\"19\"}}}}");
            node.mqtt.deliver(PREFIX + "/state/update", "{\"state\":\"online\"}");

            List<DeviceSummary> devices = view.devices();
            assertThat(devices).hasSize(1);
            DeviceSummary thermo = devices.get(0);
            assertThat(thermo.id()).isEqualTo(THERMO);
            assertThat(thermo.name()).isEqualTo("thermo");
            assertThat(thermo.state()).isEqualTo("online");
            assertThat(thermo.lastOnline()).isNotEmpty();
            assertThat(thermo.twins()).containsExactly(
                    new TwinSummary("mode", "string", "auto", 5_000, "", 0),
                    new TwinSummary("temperature", "int", "21", 5_000, "19", 7_000));
        }
    }

    @Test
    void aRemovedDeviceLeavesTheView() throws Exception {
        try (TwinFixture node = new TwinFixture(dir)) {
            NodeDevicesView view = new NodeDevicesView(node.twin::devices);
            node.twin.upsert(TwinFixture.thermo("auto", "21"));
            node.twin.remove(THERMO);

            assertThat(view.devices()).isEmpty();
        }
    }
}
