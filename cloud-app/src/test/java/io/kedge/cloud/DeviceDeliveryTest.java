package io.kedge.cloud;

import static io.kedge.cloud.KubeObjects.edgeNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.cloud.devicecontroller.Device;
import io.kedge.cloud.devicecontroller.DeviceModel;
import io.kedge.cloud.devicecontroller.DeviceObjects;
import io.kedge.cloud.devicecontroller.TwinProperty;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.device.DeviceTwinReport;
import io.kedge.protocol.device.TwinReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.kedge.testing.node.FakeNode;
import io.kedge.testing.node.HeldObjects;

/**
 * Devices reach the node in their {@code spec.nodeName} with their model, through the real CloudHub
 * and downstream sync: follow a move, a delete and a desired-value change; a node's reports come back
 * into the device's status without the device being sent down again.
 */
@MockApi
class DeviceDeliveryTest {
    private static final Duration SETTLE = Duration.ofMillis(700);
    private static final Duration WAIT = Duration.ofSeconds(10);

    static KubernetesClient client;
    static CloudFixture cloud;

    @BeforeAll
    static void startCloud() throws Exception {
        DeviceObjects.installCrds(client);
        cloud = CloudFixture.start(client, "--node-lifecycle", "off");
    }

    @AfterAll
    static void stopCloud() {
        cloud.close();
    }

    @Test
    void aDeviceReachesItsNodeWithItsModelMovesWithItsNodeNameAndLeavesWhenDeleted() throws Exception {
        String ns = "plant";
        client.nodes().resource(edgeNode("dev-a")).create();
        client.nodes().resource(edgeNode("dev-b")).create();
        try (FakeNode a = cloud.connect("dev-a"); FakeNode b = cloud.connect("dev-b")) {
            client.resources(DeviceModel.class).resource(DeviceObjects.model(ns, "thermo", "temperature", "FLOAT"))
                    .create();
            client.resources(Device.class).resource(DeviceObjects.device(ns, "thermo-1", "thermo", "dev-a",
                    "temperature", "20")).create();

            await().atMost(WAIT).until(() -> a.store().keys().containsAll(List.of(ns + "/devicemodel/thermo",
                    ns + "/device/thermo-1")));
            Message insert = last(a, Operations.INSERT, ns + "/device/thermo-1");
            assertThat(insert.content().path("kind").asText()).isEqualTo("Device");
            assertThat(insert.content().path("apiVersion").asText()).isEqualTo("devices.kubeedge.io/v1beta1");
            assertThat(insert.content().at("/spec/properties/0/visitors/configData/register").asText())
                    .as("what only a mapper reads arrives whole").isEqualTo("holding");
            assertThat(insert.content().at("/spec/protocol/configData/seed").asInt()).isEqualTo(7);
            assertThat(last(a, Operations.INSERT, ns + "/devicemodel/thermo").content()
                    .at("/spec/properties/0/type").asText()).isEqualTo("FLOAT");
            Thread.sleep(SETTLE.toMillis());
            assertThat(b.downstream(ns + "/")).isEmpty();

            client.resources(Device.class).inNamespace(ns).withName("thermo-1").edit(device -> {
                device.getSpec().getProperties().get(0).setDesired(new TwinProperty("23", null));
                return device;
            });
            await().atMost(WAIT).until(() -> {
                Message update = last(a, Operations.UPDATE, ns + "/device/thermo-1");
                return update != null && update.content().at("/spec/properties/0/desired/value").asText().equals("23");
            });

            client.resources(Device.class).inNamespace(ns).withName("thermo-1").edit(device -> {
                device.getSpec().setNodeName("dev-b");
                return device;
            });
            await().atMost(WAIT).until(() -> b.store().keys().containsAll(List.of(ns + "/devicemodel/thermo",
                    ns + "/device/thermo-1")));
            await().atMost(WAIT).until(() -> a.store().keys().stream().noneMatch(key -> key.startsWith(ns + "/")));
            assertThat(last(a, Operations.DELETE, ns + "/device/thermo-1").content().has("spec"))
                    .as("a delete names the device only").isFalse();

            client.resources(Device.class).inNamespace(ns).withName("thermo-1").delete();
            await().atMost(WAIT).until(() -> b.store().keys().stream().noneMatch(key -> key.startsWith(ns + "/")));
        }
    }

    @Test
    void reportsReachTheStatusAndTheNodeIsNotSentItsDeviceAgainForThem() throws Exception {
        String ns = "line";
        client.nodes().resource(edgeNode("dev-c")).create();
        client.resources(DeviceModel.class).resource(DeviceObjects.model(ns, "valve", "position", "INT")).create();
        client.resources(Device.class).resource(DeviceObjects.device(ns, "valve-1", "valve", "dev-c", "position",
                "10")).create();
        try (FakeNode c = cloud.connect("dev-c")) {
            await().atMost(WAIT).until(() -> c.store().keys().contains(ns + "/device/valve-1"));

            Message reply = c.request(DeviceTwinReport.of("position", TwinReport.actual("9", 1_700_000_000_000L),
                    1_700_000_000_000L).message("devicetwin", ns, "valve-1"));

            assertThat(reply.operation()).as(reply.content().asText()).isEqualTo(Operations.RESPONSE);
            Device device = client.resources(Device.class).inNamespace(ns).withName("valve-1").get();
            assertThat(device.getStatus().getTwins()).singleElement().satisfies(twin -> {
                assertThat(twin.getPropertyName()).isEqualTo("position");
                assertThat(twin.getReported().getValue()).isEqualTo("9");
                assertThat(twin.getReported().getMetadata()).containsEntry("timestamp", "1700000000000");
            });
            Thread.sleep(SETTLE.toMillis());
            assertThat(c.downstream(ns + "/device/")).extracting(Message::operation).containsExactly(Operations.INSERT);

            client.nodes().resource(edgeNode("dev-d")).create();
            try (FakeNode d = cloud.connect("dev-d")) {
                Message forbidden = d.request(DeviceTwinReport.of("position", TwinReport.actual("0", 1_800_000_000_000L),
                        1_800_000_000_000L).message("devicetwin", ns, "valve-1"));
                assertThat(forbidden.operation()).isEqualTo(Operations.ERROR);
                assertThat(forbidden.content().asText()).startsWith("FORBIDDEN");
            }
            assertThat(client.resources(Device.class).inNamespace(ns).withName("valve-1").get().getStatus().getTwins()
                    .get(0).getReported().getValue()).isEqualTo("9");
        }
    }

    @Test
    void aReturningNodeIsRepairedByTheInventoryDiff() throws Exception {
        String ns = "yard";
        client.nodes().resource(edgeNode("dev-e")).create();
        client.resources(DeviceModel.class).resource(DeviceObjects.model(ns, "gate", "open", "BOOLEAN")).create();
        Device kept = client.resources(Device.class).resource(DeviceObjects.device(ns, "gate-1", "gate", "dev-e",
                "open", "false")).create();
        Device moved = client.resources(Device.class).resource(DeviceObjects.device(ns, "gate-2", "gate", "elsewhere",
                "open", "false")).create();
        HeldObjects held = new HeldObjects();
        held.put(ns + "/device/gate-1", kept.getMetadata().getUid(), "1");
        held.put(ns + "/device/gate-2", moved.getMetadata().getUid(), moved.getMetadata().getResourceVersion());

        try (FakeNode e = cloud.connect("dev-e", held, true)) {
            await().atMost(WAIT).until(() -> e.downstream(ns + "/").size() >= 3);
            Thread.sleep(SETTLE.toMillis());
            assertThat(e.downstream(ns + "/")).extracting(m -> m.operation() + " " + m.resource())
                    .containsExactlyInAnyOrder("update " + ns + "/device/gate-1", "delete " + ns + "/device/gate-2",
                            "insert " + ns + "/devicemodel/gate");
        }
    }

    private static Message last(FakeNode node, String operation, String resource) {
        List<Message> matching = node.downstream(resource).stream()
                .filter(m -> m.operation().equals(operation) && m.resource().equals(resource)).toList();
        return matching.isEmpty() ? null : matching.get(matching.size() - 1);
    }
}
