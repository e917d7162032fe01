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
import io.kedge.protocol.device.DeviceStateReport;
import io.kedge.protocol.device.DeviceTwinReport;
import io.kedge.protocol.device.TwinReport;
import io.kedge.protocol.device.TwinValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's twin and state reports land in the status of its own devices, as KubeEdge's controller
 * writes them; whatever else a node sends is refused with a log line and writes nothing.
 */
@MockApi
class DeviceReportHandlerTest {
    private static final String NS = "plant";
    private static final long READ_AT = 1_700_000_000_123L;

    static KubernetesClient client;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private DeviceReportHandler handler;

    @BeforeAll
    static void crds() {
        DeviceObjects.installCrds(client);
    }

    @BeforeEach
    void devices() {
        handler = new DeviceReportHandler(client, (node, key, report, bytes, write) -> write.apply(),
                new NodeLogLimiter(Duration.ZERO, System::nanoTime, (line, cause) -> logLines.add(line)));
        client.resources(DeviceModel.class).resource(DeviceObjects.model(NS, "thermo", "temperature", "FLOAT"))
                .createOr(op -> op.update());
        for (String[] device : new String[][] {{"thermo-a", "node-a"}, {"thermo-b", "node-b"}}) {
            client.resources(Device.class).inNamespace(NS).withName(device[0]).delete();
            client.resources(Device.class).resource(DeviceObjects.device(NS, device[0], "thermo", device[1],
                    "temperature", "20")).create();
        }
    }

    @Test
    void reportedValuesAndStateOfItsOwnDeviceAreWrittenToTheStatus() {
        DeviceTwinReport twin = DeviceTwinReport.of("temperature", new TwinReport(new TwinValue("20", READ_AT - 5),
                new TwinValue("21.5", READ_AT), "float"), READ_AT);

        Message reply = send("node-a", twin.message("devicetwin", NS, "thermo-a"));

        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        Twin written = device("thermo-a").getStatus().getTwins().get(0);
        assertThat(written.getPropertyName()).isEqualTo("temperature");
        assertThat(written.getReported().getValue()).isEqualTo("21.5");
        assertThat(written.getReported().getMetadata())
                .containsExactlyInAnyOrderEntriesOf(Map.of("timestamp", Long.toString(READ_AT), "type", "float"));
        assertThat(written.getObservedDesired().getValue()).isEqualTo("20");
        assertThat(written.getObservedDesired().getMetadata()).containsEntry("timestamp", Long.toString(READ_AT - 5));
        assertThat(device("thermo-a").getSpec().getProperties().get(0).getDesired().getValue()).isEqualTo("20");

        DeviceStateReport state = new DeviceStateReport("", READ_AT, "online", "2026-01-01T00:00:00Z");
        assertThat(send("node-a", state.message("devicetwin", NS, "thermo-a")).operation())
                .isEqualTo(Operations.RESPONSE);
        assertThat(device("thermo-a").getStatus().getState()).isEqualTo("online");
        assertThat(device("thermo-a").getStatus().getLastOnlineTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(device("thermo-a").getStatus().getTwins()).hasSize(1);
        assertThat(logLines).isEmpty();
    }

    @Test
    void anOlderValueNeverReplacesANewerOne() {
        send("node-a", DeviceTwinReport.of("temperature", TwinReport.actual("22", READ_AT), READ_AT)
                .message("devicetwin", NS, "thermo-a"));
        String version = device("thermo-a").getMetadata().getResourceVersion();

        Message reply = send("node-a", DeviceTwinReport.of("temperature", TwinReport.actual("19", READ_AT - 1000),
                READ_AT).message("devicetwin", NS, "thermo-a"));

        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(device("thermo-a").getStatus().getTwins().get(0).getReported().getValue()).isEqualTo("22");
        assertThat(device("thermo-a").getMetadata().getResourceVersion()).as("nothing written").isEqualTo(version);
    }

    @Test
    void hostileReportsAreRefusedWithALogLineAndWriteNothing() {
        DeviceTwinReport valid = DeviceTwinReport.of("temperature", TwinReport.actual("99", READ_AT), READ_AT);
        String versionA = device("thermo-a").getMetadata().getResourceVersion();
        String versionB = device("thermo-b").getMetadata().getResourceVersion();
        Map<String, Message> hostile = Map.of(
                "another node's device", valid.message("devicetwin", NS, "thermo-b"),
                "another node's device state", new DeviceStateReport("", 1, "offline", "").message("x", NS, "thermo-b"),
                "an unknown device", valid.message("devicetwin", NS, "no-such-device"),
                "a key that names no device", valid.message("devicetwin", "..", "thermo-a"),
                "a payload that is no twin report", withContent(valid.message("d", NS, "thermo-a"),
                        TextNode.valueOf("{\"twin\":{\"temperature\":{\"actual\":{\"value\":99}}}}")),
                "a payload that is not JSON", withContent(valid.message("d", NS, "thermo-a"),
                        TextNode.valueOf("temperature=99")),
                "a property the device does not declare", DeviceTwinReport.of("pressure",
                        TwinReport.actual("3", READ_AT), READ_AT).message("d", NS, "thermo-a"),
                "a delete", Message.create("d", "twin", DeviceTwinReport.resource(NS, "thermo-a"), Operations.DELETE,
                        valid.toJson()));

        hostile.forEach((what, message) -> {
            int linesBefore = logLines.size();
            Message reply = send("node-a", message);
            assertThat(reply.operation()).as(what).isEqualTo(Operations.ERROR);
            assertThat(logLines).as(what).hasSize(linesBefore + 1);
            assertThat(logLines.get(linesBefore)).as(what).contains("node-a").contains("refused");
        });

        assertThat(device("thermo-a").getMetadata().getResourceVersion()).isEqualTo(versionA);
        assertThat(device("thermo-b").getMetadata().getResourceVersion()).isEqualTo(versionB);
        assertThat(device("thermo-b").getStatus() == null || device("thermo-b").getStatus().getTwins().isEmpty())
                .isTrue();
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
