package io.kedge.devicetwin;

import static io.kedge.devicetwin.TwinFixture.PREFIX;
import static io.kedge.devicetwin.TwinFixture.THERMO;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kedge:devices} shows what DeviceTwin committed: state, desired and reported values with their times. */
class DevicesCommandTest {

    @TempDir
    Path dir;

    @Test
    void listsEachDeviceWithStateAndTwinsDesiredAndReportedWithTimestamps() throws Exception {
        try (TwinFixture node = new TwinFixture(dir)) {
            node.twin.upsert(TwinFixture.thermo("eco", "20"));
            node.clock.set(1_700_000_000_000L);
            node.mqtt.deliver(PREFIX + "/twin/update",
                    "{\"event_id\":\"a\",\"twin\":{\"temperature\":{\"actual\":{\"value\":\"21\"}}}}");
            node.mqtt.deliver(PREFIX + "/state/update", "{\"state\":\"online\"}");

            String shown = DevicesCommand.format(new NodeDevicesView(node.twin::devices).devices());

            List<String> lines = shown.lines().toList();
            assertThat(lines.get(0)).isEqualTo(THERMO + "  state online, last online 2023-11-14T22:13:20Z");
            assertThat(lines).anySatisfy(line -> assertThat(line.trim()).matches(
                    "temperature +int +20 @ 1970-01-01T00:00:01Z +21 @ 2023-11-14T22:13:20Z"));
            assertThat(lines).anySatisfy(line -> assertThat(line.trim()).matches("mode +string +eco @ \\S+ +-"));
        }
    }

    @Test
    void saysSoWhenTheNodeHasNoDevices() {
        assertThat(DevicesCommand.format(List.of())).startsWith("no devices bound to this node");
    }
}
