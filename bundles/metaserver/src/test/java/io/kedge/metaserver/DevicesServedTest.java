package io.kedge.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node's Devices and DeviceModels are served as KubeEdge's {@code devices.kubeedge.io/v1beta1} kinds. */
class DevicesServedTest {
    private static final String API_VERSION = "devices.kubeedge.io/v1beta1";

    private RunningServer running;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        FakeMetaStore store = new FakeMetaStore();
        store.put(FakeMetaStore.object("device", "{\"apiVersion\":\"" + API_VERSION + "\",\"kind\":\"Device\","
                + "\"metadata\":{\"name\":\"thermo-1\",\"namespace\":\"plant\",\"resourceVersion\":\"7\"},"
                + "\"spec\":{\"nodeName\":\"node-a\",\"deviceModelRef\":{\"name\":\"thermo\"}}}"));
        store.put(FakeMetaStore.object("devicemodel", "{\"apiVersion\":\"" + API_VERSION + "\",\"kind\":\"DeviceModel\","
                + "\"metadata\":{\"name\":\"thermo\",\"namespace\":\"plant\",\"resourceVersion\":\"6\"},"
                + "\"spec\":{\"protocol\":\"virtual\"}}"));
        running = RunningServer.start(store, ServerSettings.defaults());
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(running.url()).withRequestTimeout(5_000).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        client.close();
        running.close();
    }

    @Test
    void devicesAndModelsAreListedGotAndDiscovered() {
        List<GenericKubernetesResource> devices = client.genericKubernetesResources(API_VERSION, "Device")
                .inAnyNamespace().list().getItems();
        assertThat(devices).extracting(d -> d.getMetadata().getName()).containsExactly("thermo-1");
        assertThat(client.genericKubernetesResources(API_VERSION, "Device").inAnyNamespace()
                .withField("spec.nodeName", "node-b").list().getItems()).isEmpty();
        GenericKubernetesResource model = client.genericKubernetesResources(API_VERSION, "DeviceModel")
                .inNamespace("plant").withName("thermo").get();
        assertThat(model.getApiVersion()).isEqualTo(API_VERSION);
        assertThat(model.getMetadata().getResourceVersion()).isEqualTo("6");

        assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName())
                .contains("devices.kubeedge.io", "discovery.k8s.io");
        assertThat(client.getApiResources(API_VERSION).getResources()).extracting(APIResource::getName)
                .containsExactlyInAnyOrder("devices", "devicemodels");
        assertThat(client.getApiResources("discovery.k8s.io/v1").getResources()).extracting(APIResource::getName)
                .containsExactly("endpointslices");
    }
}
