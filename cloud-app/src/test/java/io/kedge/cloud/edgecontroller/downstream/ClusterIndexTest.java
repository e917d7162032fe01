package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.kedge.cloud.edgecontroller.EdgeController;
import io.kedge.protocol.ResourcePath;
import org.junit.jupiter.api.Test;

class ClusterIndexTest {
    private static final ResourcePath CM = ResourcePath.of("ns", "configmap", "shared");
    private final ClusterIndex index = new ClusterIndex(ServiceNamespaces.parse("*,-kube-system"));

    @Test
    void aConfigMapGoesToTheNodesOfThePodsUsingItUntilTheLastOneLeaves() {
        for (String node : new String[] {"n1", "n2", "n3", "cloud-node"}) {
            upsert(new NodeBuilder().withNewMetadata().withName(node)
                    .addToLabels(node.startsWith("n") ? EdgeController.EDGE_ROLE_LABEL : "other", "").endMetadata()
                    .build());
        }
        upsert(new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("shared").endMetadata().build());
        upsert(pod("a", "n1"));
        upsert(pod("b", "n1"));
        upsert(pod("c", "n2"));
        upsert(pod("d", "n3"));
        upsert(pod("e", "cloud-node"));

        assertThat(holders(CM)).containsExactlyInAnyOrder("n1", "n2", "n3");
        assertThat(index.desiredFor("cloud-node")).as("not an edge node").isEmpty();

        index.remove(ResourcePath.of("ns", "pod", "a"));
        assertThat(holders(CM)).contains("n1");
        Affected lastLeft = index.remove(ResourcePath.of("ns", "pod", "b"));
        assertThat(lastLeft.keysByNode().get("n1")).contains(CM);
        assertThat(holders(CM)).containsExactlyInAnyOrder("n2", "n3");
        assertThat(index.desiredFor("n1")).containsOnlyKeys(ResourcePath.of("default", "node", "n1"));
    }

    @Test
    void servicesGoToEveryEdgeNodeAndANodeBecomingEdgeIsSyncedWhole() {
        upsert(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build());
        upsert(new ServiceBuilder().withNewMetadata().withNamespace("ns").withName("web").endMetadata().build());
        assertThat(index.shouldHold("n1", ResourcePath.of("ns", "service", "web"))).isFalse();

        Affected becameEdge = upsert(new NodeBuilder().withNewMetadata().withName("n1")
                .addToLabels(EdgeController.EDGE_ROLE_LABEL, "").endMetadata().build());
        assertThat(becameEdge.wholeNodes()).containsExactly("n1");
        assertThat(index.desiredFor("n1")).containsOnlyKeys(ResourcePath.of("ns", "service", "web"),
                ResourcePath.of("default", "node", "n1"));
    }

    @Test
    void servicesEndpointsAndSlicesOfNamespacesLeftOutGoNowhere() {
        upsert(new NodeBuilder().withNewMetadata().withName("n1").addToLabels(EdgeController.EDGE_ROLE_LABEL, "")
                .endMetadata().build());
        Affected system = upsert(new ServiceBuilder().withNewMetadata().withNamespace("kube-system")
                .withName("kube-dns").endMetadata().build());
        upsert(new EndpointsBuilder().withNewMetadata().withNamespace("kube-system").withName("kube-dns")
                .endMetadata().build());
        upsert(new EndpointSliceBuilder().withNewMetadata().withNamespace("kube-system").withName("kube-dns-x")
                .endMetadata().build());
        upsert(new EndpointsBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata().build());

        assertThat(system.keysOnEveryNode()).isEmpty();
        assertThat(index.shouldHold("n1", ResourcePath.of("kube-system", "service", "kube-dns"))).isFalse();
        assertThat(index.objectFor("n1", ResourcePath.of("kube-system", "endpoints", "kube-dns"))).isEmpty();
        assertThat(index.desiredFor("n1")).containsOnlyKeys(ResourcePath.of("default", "node", "n1"),
                ResourcePath.of("shop", "endpoints", "web"));
    }

    private Affected upsert(HasMetadata object) {
        return index.upsert(ObjectKeys.of(object).orElseThrow(), object);
    }

    private java.util.List<String> holders(ResourcePath key) {
        return java.util.stream.Stream.of("n1", "n2", "n3", "cloud-node").filter(n -> index.shouldHold(n, key)).toList();
    }

    private static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewVolume().withName("v").withNewConfigMap().withName("shared").endConfigMap().endVolume()
                .endSpec().build();
    }
}
