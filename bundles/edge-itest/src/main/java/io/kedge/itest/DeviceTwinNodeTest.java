package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.mqtt.MqttPublisher;
import io.kedge.itest.support.NodeShell;
import io.kedge.itest.support.MqttTestClient;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourceTypes;
import io.kedge.testing.cloud.CloudConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * DeviceTwin in the real node, wired to the real eventbus, MetaManager and outbox: a Device the cloud
 * sends reaches MQTT clients on KubeEdge's topics, a twin update published by a client goes up to the
 * cloud, a desired value the cloud changes comes down as a delta, and updating the devicetwin bundle
 * while a client publishes loses no twin update; {@code kedge:devices} lists what the node holds.
 */
class DeviceTwinNodeTest extends ConnectedNodeTest {
    private static final String NODE = "itest-devices";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** DeviceTwin's store outlives test methods: each test uses its own namespace. */
    private final String namespace = "dt-" + Long.toHexString(System.nanoTime());

    private String url;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void broker() throws Exception {
        int port = MqttTestClient.brokerPort(configAdmin);
        url = "tcp://127.0.0.1:" + port;
        Poll.until("the broker on port " + port, WAIT, () -> NodeShell.hasService(context, MqttPublisher.class,
                "(" + MqttPublisher.PORT + "=" + port + ")"));
        Poll.until("DeviceTwin", WAIT, () -> NodeShell.hasService(context, io.kedge.api.meta.MetaListener.class,
                "(component.name=io.kedge.devicetwin.link.StoredDevices)"));
        cloud.answerRequests(true);
    }

    @Test
    void aDeviceFromTheCloudReachesMqttAndTwinValuesTravelBothWays() throws Exception {
        String device = "$hw/events/device/" + namespace + "/thermo-1";
        try (MqttTestClient app = MqttTestClient.subscribed(url, "app-" + namespace, true,
                "$hw/events/node/" + NODE + "/membership/updated", device + "/twin/update/result",
                device + "/twin/update/delta")) {
            bindThermometer("20");

            String membership = app.await("$hw/events/node/" + NODE + "/membership/updated", "thermo-1", WAIT);
            assertThat(JSON.readTree(membership).path("added_devices").get(0).path("id").asText())
                    .isEqualTo(namespace + "/thermo-1");
            assertThat(app.await(device + "/twin/update/delta", "\"20\"", WAIT)).contains("\"delta\":{\"temperature\":\"20\"}");

            app.publish(device + "/twin/update", twinUpdate("e-1", "21.5"));

            assertThat(JSON.readTree(app.await(device + "/twin/update/result", "e-1", WAIT))
                    .path("twin").path("temperature").path("actual").path("value").asText()).isEqualTo("21.5");
            Message report = awaitTwinReport("21.5");
            assertThat(report.operation()).isEqualTo(Operations.UPDATE);
            assertThat(report.content().path("twin").path("temperature").path("actual").path("value").asText())
                    .isEqualTo("21.5");

            sendObject(Operations.UPDATE, ResourceTypes.DEVICE, "thermo-1", thermometer("25"), "3");
            String delta = app.await(device + "/twin/update/delta", "\"25\"", WAIT);
            assertThat(JSON.readTree(delta).path("delta").path("temperature").asText()).isEqualTo("25");

            String listed = NodeShell.kedgeCommand(context, "devices");
            assertThat(listed).contains(namespace + "/thermo-1");
            // only this device's rows: other tests of the same framework leave their devices on the node
            String ours = listed.substring(listed.indexOf(namespace + "/thermo-1"));
            assertThat(ours.lines().skip(1).takeWhile(line -> line.startsWith("  "))
                    .filter(line -> line.trim().startsWith("temperature")))
                    .singleElement().asString().matches(" *temperature +float +25 @ \\S+Z +21\\.5 @ \\S+Z");
        }
    }

    @Test
    void updatingTheDeviceTwinBundleWhileAClientPublishesLosesNoTwinUpdate() throws Exception {
        String device = "$hw/events/device/" + namespace + "/thermo-1";
        try (MqttTestClient app = MqttTestClient.subscribed(url, "app-" + namespace, true,
                "$hw/events/node/" + NODE + "/membership/updated", device + "/twin/update/result")) {
            bindThermometer("20");
            app.await("$hw/events/node/" + NODE + "/membership/updated", "thermo-1", WAIT);

            Bundle devicetwin = node.bundle("io.kedge.devicetwin");
            CompletableFuture<Void> update = new CompletableFuture<>();
            int published = 0;
            // publishes before, during and after the update: until it is done and at least 60 went out
            while (published < 60 || !update.isDone()) {
                if (published == 20) {
                    CompletableFuture.runAsync(() -> {
                        try {
                            devicetwin.update();
                            update.complete(null);
                        } catch (BundleException | RuntimeException e) {
                            update.completeExceptionally(e);
                        }
                    });
                }
                app.publish(device + "/twin/update", twinUpdate("u-" + published, Integer.toString(published)));
                published++;
                assertThat(published).as("twin updates published while the bundle updates").isLessThan(100_000);
            }
            update.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            int count = published;

            List<String> expected = IntStream.range(0, count).mapToObj(i -> "\"event_id\":\"u-" + i + "\"").toList();
            Poll.until("a result for each of the " + count + " twin updates", WAIT, () -> expected.stream()
                    .allMatch(id -> app.received.stream().anyMatch(m -> m.contains(id))));
            assertThat(app.received).noneMatch(m -> m.contains("\"code\""));
            awaitTwinReport(Integer.toString(count - 1));
        }
    }

    /** Sends the model, then the device bound to this node with {@code desired}, and waits for the node's acks. */
    private void bindThermometer(String desired) throws Exception {
        ObjectNode model = (ObjectNode) JSON.readTree("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"DeviceModel",
                 "metadata":{"name":"thermometer","namespace":"%s","uid":"m-%s","resourceVersion":"1"},
                 "spec":{"protocol":"virtual","properties":[{"name":"temperature","type":"FLOAT","accessMode":"ReadWrite"}]}}
                """.formatted(namespace, namespace));
        sendObject(Operations.INSERT, ResourceTypes.DEVICE_MODEL, "thermometer", model, "1");
        sendObject(Operations.INSERT, ResourceTypes.DEVICE, "thermo-1", thermometer(desired), "2");
    }

    private ObjectNode thermometer(String desired) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"Device",
                 "metadata":{"name":"thermo-1","namespace":"%s","uid":"d-%s"},
                 "spec":{"deviceModelRef":{"name":"thermometer"},"nodeName":"%s","protocol":{"protocolName":"virtual"},
                         "properties":[{"name":"temperature","desired":{"value":"%s"}}]}}
                """.formatted(namespace, namespace, NODE, desired));
    }

    private void sendObject(String operation, String type, String name, ObjectNode object, String resourceVersion) {
        ((ObjectNode) object.path("metadata")).put("resourceVersion", resourceVersion);
        CloudConnection link = cloud.connections().get(cloud.connections().size() - 1);
        Message message = Message.create("edgecontroller", "resource", namespace + "/" + type + "/" + name, operation,
                object).withResourceVersion(resourceVersion);
        link.send(message);
        Message reply = Poll.valueOf("the node's ack of " + message, WAIT, () -> link.answerTo(message.id()).orElse(null));
        assertThat(reply.operation()).as("reply to %s: %s", message, reply.content()).isEqualTo(Operations.ACK);
    }

    /** KubeEdge's twin update of a mapper reporting {@code value} as temperature. */
    private static String twinUpdate(String eventId, String value) {
        return "{\"event_id\":\"" + eventId + "\",\"timestamp\":1700000000000,\"twin\":{\"temperature\":"
                + "{\"actual\":{\"value\":\"" + value + "\"},\"metadata\":{\"type\":\"float\"}}}}";
    }

    /** The first twin report of thermo-1 the cloud received that reports {@code value}. */
    private Message awaitTwinReport(String value) {
        String resource = namespace + "/" + ResourceTypes.DEVICE_TWIN + "/thermo-1";
        return Poll.valueOf("the twin report of " + value + " at the cloud", WAIT, () -> cloud.received().stream()
                .filter(m -> m.resource().equals(resource))
                .filter(m -> m.content().path("twin").path("temperature").path("actual").path("value").asText()
                        .equals(value))
                .findFirst().orElse(null));
    }
}
