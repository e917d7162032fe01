package io.kedge.devicetwin;

import static io.kedge.devicetwin.TwinFixture.PREFIX;
import static io.kedge.devicetwin.TwinFixture.THERMO;
import static io.kedge.devicetwin.TwinFixture.thermo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a local client may get wrong: KubeEdge's error results, or a dropped message; nothing held is lost. */
class TwinBadInputTest {
    private static final String RESULT = PREFIX + "/twin/update/result";

    @TempDir
    Path dir;
    TwinFixture node;
    Device held;

    @BeforeEach
    void boundDeviceWithAReportedValue() throws Exception {
        node = new TwinFixture(dir);
        node.twin.upsert(thermo("auto", null));
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":{\"actual\":{\"value\":\"21\"}}}}");
        held = node.twin.devices().get(THERMO);
        node.mqtt.clear();
        node.clock.set(9000);
    }

    @AfterEach
    void nothingHeldWasLost() throws Exception {
        node = node.reopen();
        if (held != null) {
            assertThat(node.twin.devices().get(THERMO)).isEqualTo(held);
        }
        node.close();
    }

    @Test
    void anUpdateThatRacesTheStopGetsNoAnswerAndStaysWithItsSender() throws Exception {
        node.twin.close();

        assertThatThrownBy(() -> node.mqtt.deliver(PREFIX + "/twin/update",
                "{\"event_id\":\"late\",\"twin\":{\"temperature\":{\"actual\":{\"value\":\"30\"}}}}"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(node.mqtt.published()).as("no 500 for a message the next instance will answer").isEmpty();
    }

    @Test
    void aPayloadThatIsNotJsonGetsTheUnmarshalError() {
        node.mqtt.deliver(PREFIX + "/twin/update", "temperature=22");

        assertThat(node.mqtt.last(RESULT)).isEqualTo("{\"event_id\":\"\",\"timestamp\":9000,\"code\":400,"
                + "\"reason\":\"Unmarshal update request body failed, please check the request\"}");
        assertThat(node.mqtt.published()).hasSize(1);
    }

    @Test
    void aFieldOfTheWrongJsonTypeGetsTheUnmarshalError() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"event_id\":7,\"twin\":{\"temperature\":{\"actual\":{\"value\":\"22\"}}}}");
        assertThat(node.mqtt.last(RESULT)).contains("\"code\":400").contains("Unmarshal update request body failed");

        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":{\"actual\":{\"value\":22}}}}");
        assertThat(node.mqtt.last(RESULT)).contains("Unmarshal update request body failed");
    }

    @Test
    void aValueOfTheWrongTypeRefusesTheWholeUpdate() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"event_id\":\"u2\",\"twin\":{\"mode\":{\"actual\":{\"value\":\"eco\"}},"
                + "\"temperature\":{\"actual\":{\"value\":\"warm\"}}}}");

        assertThat(node.mqtt.last(RESULT)).isEqualTo("{\"event_id\":\"u2\",\"timestamp\":9000,\"code\":400,"
                + "\"reason\":\"the value is not int or integer\"}");
        assertThat(node.twin.devices().get(THERMO)).as("mode was not set either").isEqualTo(held);
        assertThat(node.cloud.outbox()).doesNotContainKey("devicetwin/default/thermo/twin/mode");
    }

    @Test
    void keysAndValuesOutsideKubeEdgesAlphabetAreRefused() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"tem perature\":{\"actual\":{\"value\":\"1\"}}}}");
        assertThat(node.mqtt.last(RESULT)).contains("\"reason\":\"" + TwinRules.ERROR_KEY + "\"");

        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"mode\":{\"actual\":{\"value\":\"<script>\"}}}}");
        assertThat(node.mqtt.last(RESULT)).contains("\"reason\":\"" + TwinRules.ERROR_VALUE + "\"");

        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"" + "k".repeat(129) + "\":{}}}");
        assertThat(node.mqtt.last(RESULT)).contains("\"reason\":\"" + TwinRules.ERROR_KEY + "\"");
    }

    @Test
    void anUpdateWithoutTwinGetsKubeEdgesReason() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"event_id\":\"x\"}");

        assertThat(node.mqtt.last(RESULT)).isEqualTo("{\"event_id\":\"\",\"timestamp\":9000,\"code\":400,"
                + "\"reason\":\"Update twin error, key:twin does not exist\"}");
    }

    @Test
    void anUnknownDeviceGetsNotFound() {
        node.mqtt.deliver("$hw/events/device/default/nope/twin/update", "{\"event_id\":\"n\",\"twin\":{}}");
        assertThat(node.mqtt.last("$hw/events/device/default/nope/twin/update/result")).isEqualTo("{\"event_id\":\"n\","
                + "\"timestamp\":9000,\"code\":404,\"reason\":\"update rejected due to the device is not existed\"}");

        node.mqtt.deliver("$hw/events/device/default/nope/twin/get", "{\"event_id\":\"g\"}");
        assertThat(node.mqtt.last("$hw/events/device/default/nope/twin/get/result")).isEqualTo("{\"event_id\":\"g\","
                + "\"timestamp\":9000,\"code\":404,\"reason\":\"Device default/nope not found while getting twin\"}");
    }

    @Test
    void anOversizePayloadIsRefusedUnread() {
        String big = "{\"twin\":{\"mode\":{\"actual\":{\"value\":\"" + "a".repeat(70 * 1024) + "\"}}}}";

        node.mqtt.deliver(PREFIX + "/twin/update", big);

        assertThat(node.mqtt.last(RESULT)).contains("\"code\":400").contains("larger than the 65536 bytes allowed");
    }

    @Test
    void aTwinGetThatIsNotJsonGetsABadRequest() {
        node.mqtt.deliver(PREFIX + "/twin/get", "[1,2]");

        assertThat(node.mqtt.last(PREFIX + "/twin/get/result")).startsWith("{\"event_id\":\"\",\"timestamp\":9000,"
                + "\"code\":400,\"reason\":\"Unmarshal twin info [1,2] failed , err: ");
    }

    @Test
    void aBadStateUpdateIsDroppedWithoutAnAnswer() {
        node.mqtt.deliver(PREFIX + "/state/update", "not json");
        node.mqtt.deliver(PREFIX + "/state/update", "{\"state\":\"exploded\"}");
        node.mqtt.deliver("$hw/events/device/default/nope/state/update", "{\"state\":\"online\"}");
        node.mqtt.deliver(PREFIX + "/state/update", "{\"state\":" + "1".repeat(70 * 1024) + "}");

        assertThat(node.mqtt.published()).isEmpty();
        assertThat(node.cloud.outbox()).doesNotContainKey("devicetwin/default/thermo/state");
    }

    @Test
    void fieldNamesMatchIgnoringCaseAsGoDoes() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"Event_ID\":\"c\",\"Twin\":{\"mode\":{\"Actual\":{\"Value\":\"eco\"}}}}");

        assertThat(node.mqtt.last(RESULT)).startsWith("{\"event_id\":\"c\",").contains("\"value\":\"eco\"");
        held = node.twin.devices().get(THERMO);
    }

    @Test
    void aStoreThatCannotWriteRefusesTheAcknowledgementButStillAnswersBadInput() throws Exception {
        node.store.close();

        assertThatThrownBy(() -> node.mqtt.deliver(PREFIX + "/twin/update",
                "{\"event_id\":\"w\",\"twin\":{\"temperature\":{\"actual\":{\"value\":\"23\"}}}}"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(node.mqtt.last(RESULT)).startsWith("{\"event_id\":\"w\",\"timestamp\":9000,\"code\":500,");
        assertThat(node.twin.devices().get(THERMO)).as("memory did not move ahead of the disk").isEqualTo(held);

        node.mqtt.deliver(PREFIX + "/twin/update", "nonsense");
        assertThat(node.mqtt.last(RESULT)).contains("\"code\":400");
    }

    @Test
    void aDeviceFromTheCloudWhoseIdCannotStandInATopicIsLeftOut() {
        node.twin.upsert(new io.kedge.devicetwin.port.CloudDevice("default/#", "x", "", null, null));

        assertThat(node.twin.devices()).containsOnlyKeys(THERMO);
        assertThat(node.mqtt.published()).isEmpty();
    }
}
