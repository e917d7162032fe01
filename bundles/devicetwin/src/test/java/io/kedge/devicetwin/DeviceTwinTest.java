package io.kedge.devicetwin;

import static io.kedge.devicetwin.TwinFixture.NODE;
import static io.kedge.devicetwin.TwinFixture.PREFIX;
import static io.kedge.devicetwin.TwinFixture.THERMO;
import static io.kedge.devicetwin.TwinFixture.thermo;
import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.devicetwin.port.CloudReport;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Twin semantics on KubeEdge's topics against a real SQLite file, payloads compared byte for byte. */
class DeviceTwinTest {
    private static final String MODE_AUTO = "\"mode\":{\"expected\":{\"value\":\"auto\",\"metadata\":{\"timestamp\":1000}},"
            + "\"optional\":true,\"metadata\":{\"type\":\"string\"}}";
    private static final String TEMPERATURE_EMPTY = "\"temperature\":{\"optional\":true,\"metadata\":{\"type\":\"int\"}}";

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
    void aDeviceBoundByTheCloudIsAnnouncedWithItsDesiredValues() {
        assertThat(node.mqtt.published()).extracting(InMemoryMqtt.Published::topic).containsExactly(
                PREFIX + "/twin/update/document", PREFIX + "/twin/cloud_updated", PREFIX + "/twin/update/delta",
                PREFIX + "/updated", "$hw/events/node/edge-1/membership/updated");
        assertThat(node.mqtt.last(PREFIX + "/updated")).isEqualTo("{\"event_id\":\"\",\"timestamp\":1000,\"attributes\":"
                + "{\"vendor\":{\"value\":\"acme\",\"optional\":false,\"metadata\":{\"type\":\"string\"}}}}");
        assertThat(node.mqtt.last(PREFIX + "/twin/cloud_updated"))
                .isEqualTo("{\"event_id\":\"e1\",\"timestamp\":1000,\"twin\":{" + MODE_AUTO + "}}");
        assertThat(node.mqtt.last(PREFIX + "/twin/update/document"))
                .isEqualTo("{\"event_id\":\"e1\",\"timestamp\":1000,\"twin\":{\"mode\":{\"last\":null,\"current\":{"
                        + MODE_AUTO.substring("\"mode\":{".length()) + "}}}");
        assertThat(node.mqtt.last(PREFIX + "/twin/update/delta")).isEqualTo("{\"event_id\":\"e2\",\"timestamp\":1000,"
                + "\"twin\":{" + MODE_AUTO + "},\"delta\":{\"mode\":\"auto\"}}");
        assertThat(node.mqtt.last("$hw/events/node/edge-1/membership/updated")).isEqualTo(
                "{\"event_id\":\"e3\",\"timestamp\":1000,\"added_devices\":[{\"id\":\"default/thermo\",\"name\":\"thermo\","
                        + "\"attributes\":{\"vendor\":{\"value\":\"acme\",\"optional\":false,\"metadata\":{\"type\":\"string\"}}},"
                        + "\"twin\":{" + MODE_AUTO + "," + TEMPERATURE_EMPTY + "}}],\"removed_devices\":null}");
    }

    @Test
    void aReportedValueIsAnsweredDocumentedAndReportedUp() {
        node.mqtt.clear();
        node.clock.set(2000);

        assertThat(node.mqtt.deliver(PREFIX + "/twin/update",
                "{\"event_id\":\"u1\",\"timestamp\":123,\"twin\":{\"temperature\":{\"actual\":{\"value\":\"21\"}}}}"))
                .isEqualTo(1);

        String reported = "\"actual\":{\"value\":\"21\",\"metadata\":{\"timestamp\":2000}},\"optional\":true,"
                + "\"metadata\":{\"type\":\"int\"}";
        assertThat(node.mqtt.last(PREFIX + "/twin/update/result"))
                .isEqualTo("{\"event_id\":\"u1\",\"timestamp\":2000,\"twin\":{\"temperature\":{" + reported + "}}}");
        assertThat(node.mqtt.last(PREFIX + "/twin/update/document")).isEqualTo("{\"event_id\":\"u1\",\"timestamp\":2000,"
                + "\"twin\":{\"temperature\":{\"last\":{\"optional\":true,\"metadata\":{\"type\":\"int\"}},"
                + "\"current\":{" + reported + "}}}}");
        // mode still wants "auto" and has no reported value
        assertThat(node.mqtt.last(PREFIX + "/twin/update/delta")).contains("\"delta\":{\"mode\":\"auto\"}");
        assertThat(node.cloud.outbox()).containsEntry("devicetwin/default/thermo/twin/temperature",
                new CloudReport.Twin(THERMO, "temperature", "int", "21", 2000, null, 0,
                        new CloudReport.Version(0, 1), null));
    }

    @Test
    void onlyTheLatestReportOfAPropertyWaitsForTheCloud() {
        for (int value = 1; value <= 5; value++) {
            node.mqtt.deliver(PREFIX + "/twin/update",
                    "{\"twin\":{\"temperature\":{\"actual\":{\"value\":\"" + value + "\"}}}}");
        }

        assertThat(node.cloud.outbox()).hasSize(1);
        CloudReport.Twin latest = (CloudReport.Twin) node.cloud.outbox().get("devicetwin/default/thermo/twin/temperature");
        assertThat(latest.reported()).isEqualTo("5");
        assertThat(latest.reportedVersion()).isEqualTo(new CloudReport.Version(0, 5));
    }

    @Test
    void aDesiredValueFromTheCloudGoesOutAsDeltaAndCloudUpdated() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"mode\":{\"actual\":{\"value\":\"auto\"}}}}");
        node.mqtt.clear();
        node.clock.set(4000);

        node.twin.upsert(thermo("auto", "25"));

        String desired = "\"temperature\":{\"expected\":{\"value\":\"25\",\"metadata\":{\"timestamp\":4000}},"
                + "\"optional\":true,\"metadata\":{\"type\":\"int\"}}";
        assertThat(node.mqtt.last(PREFIX + "/twin/cloud_updated")).endsWith("\"timestamp\":4000,\"twin\":{" + desired + "}}");
        assertThat(node.mqtt.last(PREFIX + "/twin/update/delta")).endsWith("\"delta\":{\"temperature\":\"25\"}}");
        assertThat(node.mqtt.on("$hw/events/node/edge-1/membership/updated")).as("not a new device").isEmpty();

        node.mqtt.clear();
        node.twin.upsert(thermo("auto", "25"));
        assertThat(node.mqtt.published()).as("the cloud repeating itself changes nothing").isEmpty();
    }

    @Test
    void anEdgeSetDesiredValueSurvivesTheCloudRepeatingItsOwn() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"mode\":{\"expected\":{\"value\":\"manual\"}}}}");

        node.twin.upsert(thermo("auto", null));

        assertThat(node.twin.devices().get(THERMO).twins().get("mode").expected().value()).isEqualTo("manual");
        node.twin.upsert(thermo("eco", null));
        assertThat(node.twin.devices().get(THERMO).twins().get("mode").expected().value()).isEqualTo("eco");
    }

    @Test
    void twinGetAnswersEveryTwinWithoutVersions() {
        node.clock.set(5000);

        node.mqtt.deliver(PREFIX + "/twin/get", "{\"event_id\":\"g1\"}");

        assertThat(node.mqtt.last(PREFIX + "/twin/get/result")).isEqualTo(
                "{\"event_id\":\"g1\",\"timestamp\":5000,\"twin\":{" + MODE_AUTO + "," + TEMPERATURE_EMPTY + "}}");
    }

    @Test
    void membershipGetListsTheDevicesWithoutTwinsAndRemovalIsAnnounced() {
        node.clock.set(6000);
        node.mqtt.deliver("$hw/events/node/edge-1/membership/get", "{\"event_id\":\"m1\",\"timestamp\":1}");

        assertThat(node.mqtt.last("$hw/events/node/edge-1/membership/get/result")).isEqualTo(
                "{\"event_id\":\"m1\",\"timestamp\":6000,\"devices\":[{\"id\":\"default/thermo\",\"name\":\"thermo\","
                        + "\"attributes\":{\"vendor\":{\"value\":\"acme\",\"optional\":false,\"metadata\":{\"type\":\"string\"}}}}]}");

        node.twin.remove(THERMO);

        assertThat(node.mqtt.last("$hw/events/node/edge-1/membership/updated")).isEqualTo("{\"event_id\":\"e4\","
                + "\"timestamp\":6000,\"added_devices\":null,\"removed_devices\":[{\"id\":\"default/thermo\",\"name\":\"thermo\"}]}");
        node.mqtt.deliver("$hw/events/node/edge-1/membership/get", "{}");
        assertThat(node.mqtt.last("$hw/events/node/edge-1/membership/get/result"))
                .isEqualTo("{\"event_id\":\"\",\"timestamp\":6000,\"devices\":[]}");
        assertThat(node.mqtt.deliver("$hw/events/node/other-node/membership/get", "{}")).as("another node's topic").isZero();
    }

    @Test
    void aStateUpdateIsKeptAnsweredAndReportedUp() {
        node.clock.set(1_700_000_000_000L);

        node.mqtt.deliver(PREFIX + "/state/update", "{\"event_id\":\"s1\",\"state\":\"online\"}");

        assertThat(node.mqtt.last(PREFIX + "/state/update/result")).isEqualTo("{\"event_id\":\"e4\","
                + "\"timestamp\":1700000000000,\"device\":{\"name\":\"thermo\",\"state\":\"online\","
                + "\"lastOnlineTime\":\"2023-11-14T22:13:20Z\"}}");
        assertThat(node.cloud.outbox()).containsEntry("devicetwin/default/thermo/state",
                new CloudReport.State(THERMO, "online", "2023-11-14T22:13:20Z"));
    }

    @Test
    void aRestartKeepsDevicesTwinsAndState() throws Exception {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":{\"actual\":{\"value\":\"21\"}}}}");
        node.mqtt.deliver(PREFIX + "/state/update", "{\"state\":\"offline\"}");
        Device before = node.twin.devices().get(THERMO);

        node = node.reopen();

        assertThat(node.twin.devices()).containsOnlyKeys(THERMO);
        assertThat(node.twin.devices().get(THERMO)).isEqualTo(before);
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":{\"actual\":{\"value\":\"22\"}}}}");
        assertThat(node.twin.devices().get(THERMO).twins().get("temperature").actualVersion())
                .isEqualTo(new Version(0, 2));
    }

    @Test
    void aReportTheCloudPortRefusedIsOfferedAgainAfterARestart() throws Exception {
        node.cloud.refuse(true);
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":{\"actual\":{\"value\":\"30\"}}}}");
        assertThat(node.cloud.outbox()).isEmpty();
        node.cloud.refuse(false);

        node = node.reopen();

        assertThat(((CloudReport.Twin) node.cloud.outbox().get("devicetwin/default/thermo/twin/temperature")).reported())
                .isEqualTo("30");
        assertThat(node.store.pendingReports()).isEmpty();
    }

    @Test
    void aRefusedReportIsOfferedAgainWithTheNextUpdate() throws Exception {
        node.cloud.refuse(true);
        node.mqtt.deliver(PREFIX + "/state/update", "{\"state\":\"online\"}");
        node.cloud.refuse(false);

        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":{\"actual\":{\"value\":\"30\"}}}}");

        assertThat(node.cloud.outbox()).containsKeys("devicetwin/default/thermo/state",
                "devicetwin/default/thermo/twin/temperature");
        assertThat(node.store.pendingReports()).isEmpty();
    }

    @Test
    void anOptionalTwinDeletedByTheEdgeIsNullInTheResultAndGoneFromGet() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"event_id\":\"d\",\"twin\":{\"temperature\":null}}");

        assertThat(node.mqtt.last(PREFIX + "/twin/update/result")).isEqualTo(
                "{\"event_id\":\"d\",\"timestamp\":1000,\"twin\":{\"temperature\":null}}");
        node.mqtt.deliver(PREFIX + "/twin/get", "{}");
        assertThat(node.mqtt.last(PREFIX + "/twin/get/result")).doesNotContain("temperature");
    }

    @Test
    void aNewTwinFromTheEdgeIsAdded() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"event_id\":\"a\",\"twin\":{\"humidity\":{\"actual\":{\"value\":\"0.5\"},"
                + "\"metadata\":{\"type\":\"float\"},\"optional\":false}}}");

        assertThat(node.mqtt.last(PREFIX + "/twin/update/result")).isEqualTo("{\"event_id\":\"a\",\"timestamp\":1000,"
                + "\"twin\":{\"humidity\":{\"actual\":{\"value\":\"0.5\",\"metadata\":{\"timestamp\":1000}},"
                + "\"optional\":false,\"metadata\":{\"type\":\"float\"}}}}");
        assertThat(node.twin.devices().get(THERMO).twins()).containsKey("humidity");
    }

    @Test
    void oneLevelDeviceIdsOfOlderMappersAreServedToo() {
        node.twin.upsert(new io.kedge.devicetwin.port.CloudDevice("lamp", "lamp", "", java.util.Map.of(),
                java.util.Map.of("power", new io.kedge.devicetwin.port.CloudDevice.Property("boolean", null))));

        node.mqtt.deliver("$hw/events/device/lamp/twin/update", "{\"twin\":{\"power\":{\"actual\":{\"value\":\"true\"}}}}");

        assertThat(node.mqtt.last("$hw/events/device/lamp/twin/update/result")).contains("\"value\":\"true\"");
        assertThat(NODE).isEqualTo("edge-1");
    }

    @Test
    void changedAttributesGoOutOnTheDevicesUpdatedTopic() {
        node.mqtt.clear();
        node.clock.set(7000);

        node.twin.upsert(new io.kedge.devicetwin.port.CloudDevice(THERMO, "thermo", "", java.util.Map.of(
                "vendor", new io.kedge.devicetwin.port.CloudDevice.Attribute("other", "string", false)),
                thermo("auto", null).properties()));

        assertThat(node.mqtt.published()).extracting(InMemoryMqtt.Published::topic).containsExactly(PREFIX + "/updated");
        assertThat(node.mqtt.last(PREFIX + "/updated")).as("only what changed, as KubeEdge writes it").isEqualTo(
                "{\"event_id\":\"\",\"timestamp\":7000,\"attributes\":{\"vendor\":{\"value\":\"other\"}}}");
    }

    @Test
    void theCloudsCompleteListRemovesWhatItNoLongerNames() {
        node.mqtt.clear();
        io.kedge.devicetwin.port.CloudDevice lamp = new io.kedge.devicetwin.port.CloudDevice("default/lamp", "lamp", "desk",
                java.util.Map.of(), java.util.Map.of());

        node.twin.replaceAll(java.util.List.of(lamp));

        assertThat(node.twin.devices()).containsOnlyKeys("default/lamp");
        assertThat(node.mqtt.on("$hw/events/node/edge-1/membership/updated")).extracting(InMemoryMqtt.Published::payload)
                .satisfiesExactly(
                        added -> assertThat(added).contains("\"added_devices\":[{\"id\":\"default/lamp\",\"name\":\"lamp\","
                                + "\"description\":\"desk\"}],\"removed_devices\":null"),
                        removed -> assertThat(removed).contains("\"removed_devices\":[{\"id\":\"default/thermo\""));
    }

    @Test
    void turningOptionalOffShowsOnlyThatInTheResult() {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"event_id\":\"o\",\"twin\":{\"temperature\":{\"optional\":false}}}");

        assertThat(node.mqtt.last(PREFIX + "/twin/update/result")).isEqualTo(
                "{\"event_id\":\"o\",\"timestamp\":1000,\"twin\":{\"temperature\":{\"optional\":false}}}");
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":null}}");
        assertThat(node.twin.devices().get(THERMO).twins().get("temperature").deleted()).as("no longer optional").isFalse();
    }

    @Test
    void aReportTheCloudPortTookIsNotOfferedAgainAfterARestart() throws Exception {
        node.mqtt.deliver(PREFIX + "/twin/update", "{\"twin\":{\"temperature\":{\"actual\":{\"value\":\"21\"}}}}");
        int puts = node.cloud.puts();

        node = node.reopen();

        assertThat(node.cloud.puts()).isEqualTo(puts);
        assertThat(node.store.pendingReports()).isEmpty();
    }
}
