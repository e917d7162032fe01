package io.kedge.cloud.devicecontroller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.cloud.hub.NodeLogLimiter;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.device.DesiredValueRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A desired value set on a node is written to the spec of that node's own device, for a property
 * the device or its model declares; whatever else a node asks is refused with a log line and
 * writes nothing.
 */
@MockApi
class DesiredValueHandlerTest {
    private static final String NS = "plant";
    private static final long NOW = 1_700_000_000_123L;

    static KubernetesClient client;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private DesiredValueHandler handler;

    @BeforeAll
    static void crds() {
        DeviceObjects.installCrds(client);
    }

    @BeforeEach
    void devices() {
        handler = new DesiredValueHandler(client, (node, key, report, bytes, write) -> write.apply(),
                new NodeLogLimiter(Duration.ZERO, System::nanoTime, (line, cause) -> logLines.add(line)), () -> NOW);
        DeviceModel model = DeviceObjects.model(NS, "thermo", "temperature", "INT");
        ModelProperty mode = new ModelProperty();
        mode.setName("mode");
        mode.setType("STRING");
        model.getSpec().getProperties().add(mode);
        client.resources(DeviceModel.class).resource(model).createOr(op -> op.update());
        for (String[] device : new String[][] {{"thermo-a", "node-a"}, {"thermo-b", "node-b"}}) {
            client.resources(Device.class).inNamespace(NS).withName(device[0]).delete();
            client.resources(Device.class).resource(DeviceObjects.device(NS, device[0], "thermo", device[1],
                    "temperature", "20")).create();
        }
    }

    @Test
    void theNodesOwnDeviceGetsTheDesiredValueInItsSpecAndNothingElseChanges() {
        Device before = device("thermo-a");

        Message reply = send("node-a", new DesiredValueRequest("temperature", "23").message("devicetwin", NS, "thermo-a"));

        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        Device after = device("thermo-a");
        DeviceProperty temperature = after.getSpec().getProperties().get(0);
        assertThat(temperature.getDesired().getValue()).isEqualTo("23");
        assertThat(temperature.getDesired().getMetadata()).containsEntry("timestamp", Long.toString(NOW));
        assertThat(temperature.getOtherFields()).as("visitors kept").isEqualTo(before.getSpec().getProperties().get(0)
                .getOtherFields());
        assertThat(after.getSpec().getNodeName()).isEqualTo("node-a");
        assertThat(after.getSpec().getOtherFields()).isEqualTo(before.getSpec().getOtherFields());
        assertThat(logLines).isEmpty();
    }

    @Test
    void aPropertyOnlyTheModelDeclaresIsAddedToTheDevicesSpec() {
        Message reply = send("node-a", new DesiredValueRequest("mode", "eco").message("devicetwin", NS, "thermo-a"));

        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(device("thermo-a").getSpec().getProperties()).extracting(DeviceProperty::getName)
                .containsExactly("temperature", "mode");
        assertThat(device("thermo-a").getSpec().getProperties().get(1).getDesired().getValue()).isEqualTo("eco");
    }

    @Test
    void hostileRequestsAreRefusedWithALogLineAndWriteNothing() {
        DesiredValueRequest valid = new DesiredValueRequest("temperature", "99");
        String versionA = device("thermo-a").getMetadata().getResourceVersion();
        String versionB = device("thermo-b").getMetadata().getResourceVersion();
        Map<String, Message> hostile = new LinkedHashMap<>();
        hostile.put("another node's device", valid.message("devicetwin", NS, "thermo-b"));
        hostile.put("an unknown device", valid.message("devicetwin", NS, "no-such-device"));
        hostile.put("a key that names no device", valid.message("devicetwin", "..", "thermo-a"));
        hostile.put("a property neither the device nor its model declares",
                new DesiredValueRequest("pressure", "3").message("d", NS, "thermo-a"));
        hostile.put("a value not of the property's type", new DesiredValueRequest("temperature", "hot")
                .message("d", NS, "thermo-a"));
        hostile.put("markup as a value", withContent(valid.message("d", NS, "thermo-a"),
                TextNode.valueOf("{\"property\":\"temperature\",\"value\":\"<img src=x onerror=alert(1)>\"}")));
        hostile.put("a payload that is not JSON", withContent(valid.message("d", NS, "thermo-a"),
                TextNode.valueOf("temperature=99")));
        hostile.put("a delete", Message.create("d", "twin", DesiredValueRequest.resource(NS, "thermo-a"),
                Operations.DELETE, valid.toJson()));

        hostile.forEach((what, message) -> {
            int linesBefore = logLines.size();
            Message reply = send("node-a", message);
            assertThat(reply.operation()).as(what).isEqualTo(Operations.ERROR);
            assertThat(logLines).as(what).hasSize(linesBefore + 1);
            assertThat(logLines.get(linesBefore)).as(what).contains("node-a").contains("refused");
        });

        assertThat(device("thermo-a").getMetadata().getResourceVersion()).isEqualTo(versionA);
        assertThat(device("thermo-b").getMetadata().getResourceVersion()).isEqualTo(versionB);
        assertThat(device("thermo-b").getSpec().getProperties().get(0).getDesired().getValue()).isEqualTo("20");
        assertThat(send("node-a", valid.message("devicetwin", NS, "thermo-b")).content().asText())
                .startsWith("FORBIDDEN");
    }

    private Message send(String node, Message message) {
        try {
            Message wire = new MessageCodec().decode(new MessageCodec().encode(message));
            return handler.handle(node, ResourcePath.parse(wire.resource()), wire);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Message withContent(Message message, com.fasterxml.jackson.databind.JsonNode content) {
        return new Message(message.header(), message.route(), content);
    }

    private static Device device(String name) {
        return client.resources(Device.class).inNamespace(NS).withName(name).get();
    }
}
