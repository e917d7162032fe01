package io.kedge.devicetwin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's encoding/json details that decide byte compatibility, and KubeEdge's value rules. */
class TwinCodecTest {

    @Test
    void stringsAreEscapedAsGoEscapesThem() {
        String written = new GoJson().string("a<b>&\"\\\n\t\u0001\u2028\ud800z\ud83d\ude00").toString();

        assertThat(written).isEqualTo("\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\t\\u0001\\u2028\\ufffdz\ud83d\ude00\"");
    }

    @Test
    void anErrorResultLeavesOutAnEmptyCodeAndReason() {
        assertThat(new String(TwinMessages.error("e", 5, 0, ""), StandardCharsets.UTF_8))
                .isEqualTo("{\"event_id\":\"e\",\"timestamp\":5}");
    }

    @Test
    void aValueWithoutTimestampHasEmptyMetadataAndATwinWithoutTypeToo() {
        Twin twin = new Twin("", false, new TwinValue("1", 0), null, new Version(1, 1), null, null);

        assertThat(new String(TwinMessages.twins("e", 5, Map.of("k", twin)), StandardCharsets.UTF_8)).isEqualTo(
                "{\"event_id\":\"e\",\"timestamp\":5,\"twin\":{\"k\":{\"expected\":{\"value\":\"1\",\"metadata\":{}},"
                        + "\"optional\":false,\"metadata\":{}}}}");
    }

    @Test
    void valuesAreCheckedAsKubeEdgesParsersDo() {
        assertThat(TwinRules.typeError("int", "-42")).isNull();
        assertThat(TwinRules.typeError("integer", "9223372036854775808")).isEqualTo("the value is not int or integer");
        assertThat(TwinRules.typeError("int", "4.2")).isEqualTo("the value is not int or integer");
        assertThat(TwinRules.typeError("float", "1e3")).isNull();
        assertThat(TwinRules.typeError("float", "NaN")).isNull();
        assertThat(TwinRules.typeError("float", "1d")).as("Java would parse it, Go does not").isNotNull();
        assertThat(TwinRules.typeError("float", "1e400")).as("out of range").isEqualTo("the value is not float");
        assertThat(TwinRules.typeError("boolean", "TRUE")).isEqualTo("the bool value must be true or false");
        assertThat(TwinRules.typeError("bytes", "AA")).isEqualTo("the value type is not allowed");
        assertThat(TwinRules.typeError("string", "anything")).isNull();
        assertThat(TwinRules.validKey("a-_.,:/@#Z9")).isTrue();
        assertThat(TwinRules.validKey("")).isFalse();
        assertThat(TwinRules.validKey("a\n")).isFalse();
        assertThat(TwinRules.validValue("")).isTrue();
        assertThat(TwinRules.validValue("x".repeat(513))).isFalse();
    }

    @Test
    void nullAndUnknownFieldsAreIgnoredButTrailingGarbageIsNot() throws Exception {
        TwinRequests.TwinUpdate update = TwinRequests.twinUpdate(
                "{\"event_id\":null,\"timestamp\":null,\"new\":[1],\"twin\":{\"k\":{\"actual\":null,\"optional\":null}}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(update.eventId()).isEmpty();
        assertThat(update.twins()).containsEntry("k", new TwinRequests.TwinPatch(null, null, null, null));

        assertThatThrownBy(() -> TwinRequests.twinUpdate("{\"twin\":{}} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequest.class).hasMessage(TwinRules.ERROR_UNMARSHAL);
        assertThatThrownBy(() -> TwinRequests.twinUpdate("{\"timestamp\":1.5,\"twin\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequest.class).hasMessage(TwinRules.ERROR_UNMARSHAL);
    }

    @Test
    void deviceTopicsTakeOneOrTwoLevelIds() {
        assertThat(DeviceTopics.parse("$hw/events/device/ns/dev/twin/update"))
                .isEqualTo(new DeviceTopics.DeviceTopic(DeviceTopics.Kind.TWIN_UPDATE, "ns/dev"));
        assertThat(DeviceTopics.parse("$hw/events/device/dev/state/update"))
                .isEqualTo(new DeviceTopics.DeviceTopic(DeviceTopics.Kind.STATE_UPDATE, "dev"));
        assertThat(DeviceTopics.parse("$hw/events/device/ns/dev/twin/update/result")).isNull();
        assertThat(DeviceTopics.parse("$hw/events/device/a/b/c/twin/get")).isNull();
        assertThat(DeviceTopics.parse("$hw/events/device//twin/get")).isNull();
        assertThat(DeviceTopics.filters("n")).allSatisfy(filter ->
                assertThat(io.kedge.devicetwin.port.TopicFilters.matches(filter, "$hw/events/device/ns/dev/twin/update/result")).isFalse());
    }

    @Test
    void idsThatCannotStandInATopicAreNoDeviceIds() {
        assertThat(DeviceTopics.validId("default/thermo")).isTrue();
        assertThat(DeviceTopics.validId("thermo")).isTrue();
        assertThat(DeviceTopics.validId("a/+")).isFalse();
        assertThat(DeviceTopics.validId("#")).isFalse();
        assertThat(DeviceTopics.validId("a//b")).isFalse();
        assertThat(DeviceTopics.validId("a/b/c")).isFalse();
        assertThat(DeviceTopics.validId("")).isFalse();
    }
}
