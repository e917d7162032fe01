package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Devices end to end with real processes, as KubeEdge's users and mappers see them: a DeviceModel
 * and Device applied to the API reach an MQTT app on the node's broker, a twin update in KubeEdge's
 * JSON shows in the Device's {@code status.twins}, a desired value set in the API arrives as a delta;
 * values reported while the cloud is down and desired values set while the node is down arrive once
 * it is back; bad input and a flood are refused and valid input after them still arrives. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceTwinEndToEndIT {
    private static final String NODE = "twins-a";
    private static final String OTHER = "twins-b";
    private static final String NS = "plant-9";
    private static final String API_VERSION = "devices.kubeedge.io/v1beta1";
    private static final String DEVICE = "$hw/events/device/" + NS + "/thermo-1";
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private static KedgeCluster cluster;
    private static KedgeCluster.EdgeNode edge;
    private static NodeMqttClient app;
    private static DeviceResources devices;

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("twins");
        devices = new DeviceResources(cluster.kube, NS);
        edge = cluster.startEdge(NODE);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        await().atMost(CONVERGE).until(() -> cluster.kube.nodes().withName(NODE).get() != null);
        app = subscribedApp();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (edge != null) {
            edge.process().close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void anAppliedDeviceReachesTheMqttAppAsAMembershipUpdate() throws Exception {
        devices.apply(String.join("\n",
                "apiVersion: v1",
                "kind: Namespace",
                "metadata:",
                "  name: " + NS,
                "---",
                "apiVersion: " + API_VERSION,
                "kind: DeviceModel",
                "metadata:",
                "  name: thermometer",
                "  namespace: " + NS,
                "spec:",
                "  protocol: virtual",
                "  properties:",
                "  - name: temperature",
                "    type: FLOAT",
                "    accessMode: ReadWrite",
                "---",
                deviceYaml("thermo-1", NODE, "20")));

        String membership = app.await("$hw/events/node/" + NODE + "/membership/updated", "thermo-1", CONVERGE);
        assertThat(membership).contains("\"added_devices\"").contains("\"id\":\"" + NS + "/thermo-1\"");
        assertThat(app.await(DEVICE + "/twin/update/delta", "\"20\"", CONVERGE)).contains("\"temperature\":\"20\"");
    }

    @Test
    @Order(2)
    void aTwinUpdateOnMqttShowsInTheDeviceStatus() throws Exception {
        app.publish(DEVICE + "/twin/update", twinUpdate("e-1", "\"21.5\""));

        assertThat(app.await(DEVICE + "/twin/update/result", "\"e-1\"", CONVERGE)).doesNotContain("\"code\"");
        awaitReported("21.5");
    }

    @Test
    @Order(3)
    void aDesiredValueSetInTheApiArrivesAsADelta() {
        devices.setDesired("thermo-1", "temperature", "25");

        assertThat(app.await(DEVICE + "/twin/update/delta", "\"25\"", CONVERGE)).contains("\"temperature\":\"25\"");
    }

    @Test
    @Order(4)
    void valuesReportedWhileTheCloudIsDownReachTheApiWhenItReturns() throws Exception {
        cluster.cloud().kill();
        app.publish(DEVICE + "/twin/update", twinUpdate("e-offline-1", "\"30\""));
        app.publish(DEVICE + "/twin/update", twinUpdate("e-offline-2", "\"31.5\""));
        app.await(DEVICE + "/twin/update/result", "\"e-offline-2\"", CONVERGE);
        assertThat(devices.reported("thermo-1", "temperature")).isEqualTo("21.5");

        cluster.startCloud();

        awaitReported("31.5");
    }

    @Test
    @Order(5)
    void desiredValuesSetWhileTheNodeIsDownReachItWhenItReturns() throws Exception {
        app.close();
        edge.process().kill();
        devices.setDesired("thermo-1", "temperature", "27");

        edge = cluster.startEdge(NODE);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        app = subscribedApp();
        // the delta may have gone out before this app connected: ask for the twin as a mapper does
        await().atMost(CONVERGE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            app.publish(DEVICE + "/twin/get", "{\"event_id\":\"get-27\"}");
            return app.received.stream().anyMatch(m -> m.startsWith(DEVICE + "/twin/get/result=")
                    && m.contains("\"expected\":{\"value\":\"27\""));
        });
    }

    @Test
    @Order(6)
    void badInputIsRefusedAndValidInputAfterItStillReachesTheApi() throws Exception {
        devices.apply(deviceYaml("thermo-9", OTHER, "5"));
        String other = "$hw/events/device/" + NS + "/thermo-9";

        app.publish(DEVICE + "/twin/update", "not json at all");
        app.publish(DEVICE + "/twin/update", "{\"event_id\":\"bad-type\",\"twin\":{\"temperature\":{\"actual\":{\"value\":5}}}}");
        app.publish(DEVICE + "/twin/update", twinUpdate("bad-float", "\"warm\""));
        app.publish("$hw/events/device/" + NS + "/no-such-device/twin/update", twinUpdate("unknown", "\"1\""));
        app.publish(other + "/twin/update", twinUpdate("other-node", "\"1\""));
        byte[] oversize = new byte[100 * 1024];
        Arrays.fill(oversize, (byte) ' ');
        byte[] head = twinUpdate("oversize", "\"1\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, oversize, 0, head.length);
        app.publish(DEVICE + "/twin/update", oversize);

        // a payload Go's encoding/json cannot read (not JSON, or a number where a string belongs) is
        // answered as KubeEdge answers it: 400 without the event id it could not read
        await().atMost(CONVERGE).until(() -> app.received.stream().filter(m -> m.startsWith(DEVICE + "/twin/update/result=")
                && m.contains("\"event_id\":\"\"") && m.contains("\"code\":400")
                && m.contains("Unmarshal update request body failed")).count() == 2);
        assertThat(app.await(DEVICE + "/twin/update/result", "\"bad-float\"", CONVERGE)).contains("\"code\":400");
        assertThat(app.await("$hw/events/device/" + NS + "/no-such-device/twin/update/result", "\"unknown\"", CONVERGE))
                .contains("\"code\":404");
        assertThat(app.await(other + "/twin/update/result", "\"other-node\"", CONVERGE)).contains("\"code\":404");
        assertThat(app.await(DEVICE + "/twin/update/result", "larger than", CONVERGE)).contains("\"code\":400");
        assertThat(devices.reported("thermo-1", "temperature")).as("nothing of the refused updates was kept").isEqualTo("31.5");

        app.publish(DEVICE + "/twin/update", twinUpdate("good", "\"22.25\""));

        assertThat(app.await(DEVICE + "/twin/update/result", "\"good\"", CONVERGE)).doesNotContain("\"code\"");
        awaitReported("22.25");
        assertThat(edge.process().output()).contains("Refused a message for");
        GenericKubernetesResource foreign = device("thermo-9");
        assertThat(foreign.getAdditionalProperties().get("status") == null
                || !foreign.getAdditionalProperties().get("status").toString().contains("reported")).isTrue();
    }

    @Test
    @Order(7)
    void aFloodFromOneClientLeavesTheBrokerAndTwinsWorkingForTheOthers() throws Exception {
        try (NodeMqttClient flooder = NodeMqttClient.subscribed(edge.data(), "flooder", CONVERGE,
                "$hw/events/device/" + NS + "/flood/twin/update/result")) {
            for (int i = 0; i < 3_000; i++) {
                flooder.publishAtMostOnce(DEVICE + "/twin/update", "junk " + i);
            }
        }
        edge.process().awaitLog("publishes faster than the bridge takes from one client", CONVERGE);

        app.publish(DEVICE + "/twin/update", twinUpdate("after-flood", "\"23.75\""));

        assertThat(app.await(DEVICE + "/twin/update/result", "\"after-flood\"", CONVERGE)).doesNotContain("\"code\"");
        awaitReported("23.75");
    }

    private static NodeMqttClient subscribedApp() {
        return NodeMqttClient.subscribed(edge.data(), "twin-app", CONVERGE,
                "$hw/events/node/" + NODE + "/membership/updated", "$hw/events/device/+/+/twin/update/result",
                "$hw/events/device/+/+/twin/update/delta", "$hw/events/device/+/+/twin/get/result");
    }

    private static String deviceYaml(String name, String node, String desired) {
        return String.join("\n",
                "apiVersion: " + API_VERSION,
                "kind: Device",
                "metadata:",
                "  name: " + name,
                "  namespace: " + NS,
                "spec:",
                "  deviceModelRef:",
                "    name: thermometer",
                "  nodeName: " + node,
                "  protocol:",
                "    protocolName: virtual",
                "  properties:",
                "  - name: temperature",
                "    desired:",
                "      value: \"" + desired + "\"",
                "");
    }

    /** KubeEdge's twin update as a mapper publishes it; {@code value} is JSON (a string, or a wrong type). */
    private static String twinUpdate(String eventId, String value) {
        return "{\"event_id\":\"" + eventId + "\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"twin\":{\"temperature\":{\"actual\":{\"value\":" + value + "},\"metadata\":{\"type\":\"float\"}}}}";
    }


    private static void awaitReported(String value) {
        await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> assertThat(devices.reported("thermo-1", "temperature")).isEqualTo(value));
    }


    private static GenericKubernetesResource device(String name) {
        return cluster.kube.genericKubernetesResources(API_VERSION, "Device").inNamespace(NS).withName(name).get();
    }
}
