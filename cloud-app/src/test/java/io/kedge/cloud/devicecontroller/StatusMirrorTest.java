package io.kedge.cloud.devicecontroller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kedge.cloud.devapi.EmbeddedApiServer;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.device.DeviceTwinReport;
import io.kedge.protocol.device.TwinReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the embedded API with the CRDs of cloud-app/deploy/: reports go through the Device's status
 * subresource, and into KubeEdge v1.23's DeviceStatus of the device, which is created owned by it.
 */
class StatusMirrorTest {
    private static final String NS = "default";

    private EmbeddedApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = EmbeddedApiServer.start(0);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void aReportLandsInTheDeviceStatusAndInItsV123DeviceStatus() throws Exception {
        Device device = client.resources(Device.class)
                .resource(DeviceObjects.device(NS, "meter-1", "meter", "node-a", "power", "0")).create();
        DeviceReportHandler handler = new DeviceReportHandler(client,
                (node, key, report, bytes, write) -> write.apply());

        Message report = DeviceTwinReport.of("power", TwinReport.actual("230", 1_700_000_000_000L), 1)
                .message("devicetwin", NS, "meter-1");
        Message reply = handler.handle("node-a", ResourcePath.parse(report.resource()), report);

        assertThat(reply.operation()).as(reply.content().asText()).isEqualTo(Operations.RESPONSE);
        assertThat(client.resources(Device.class).inNamespace(NS).withName("meter-1").get().getStatus().getTwins())
                .singleElement().satisfies(twin -> assertThat(twin.getReported().getValue()).isEqualTo("230"));
        DeviceStatusRecord mirrored = client.resources(DeviceStatusRecord.class).inNamespace(NS).withName("meter-1")
                .get();
        assertThat(mirrored.getStatus().getTwins()).singleElement()
                .satisfies(twin -> assertThat(twin.getReported().getValue()).isEqualTo("230"));
        assertThat(mirrored.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Device");
            assertThat(owner.getUid()).isEqualTo(device.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });

        Device specEdited = client.resources(Device.class).inNamespace(NS).withName("meter-1").edit(d -> {
            d.getStatus().getTwins().clear();
            d.getSpec().getProperties().get(0).getDesired().setValue("5");
            return d;
        });
        assertThat(specEdited.getStatus().getTwins()).as("the status subresource: a spec write keeps the status")
                .hasSize(1);
    }
}
