package io.kedge.cloud.edgecontroller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.MessageCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The labels and spec fields a node may set on itself, as Kubernetes' NodeRestriction admission allows. */
class NodeRestrictionTest {

    @Test
    void theKubeletsLabelsAndForeignDomainsAreAllowed() {
        assertThat(new String[] {"kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os",
                "beta.kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/instance-type",
                "node.kubernetes.io/instance-type", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
                "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
                "kubelet.kubernetes.io/anything", "x.kubelet.kubernetes.io/y", "node.kubernetes.io/exclude-from-lb",
                "example.com/site", "site", "k8s.io.example.com/x"})
                .allMatch(NodeRestriction::mayNodeSet);
    }

    @Test
    void everythingElseUnderKubernetesIoOrK8sIoIsForbidden() {
        assertThat(new String[] {"node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master",
                "kubernetes.io/role", "kubernetes.io/foo", "beta.kubernetes.io/foo", "k8s.io/x", "team.k8s.io/x",
                "node-restriction.kubernetes.io/trusted", "a.node-restriction.kubernetes.io/b",
                "failure-domain.beta.kubernetes.io/rack", "topology.kubernetes.io/rack"})
                .noneMatch(NodeRestriction::mayNodeSet);
    }

    @Test
    void onlyLabelsTheNodeAddsOrChangesCountAndKedgesRolesNever() {
        Map<String, String> stored = Map.of("kubernetes.io/role", "gateway", "example.com/a", "1");
        assertThat(NodeRestriction.forbiddenLabels(stored, Map.of("kubernetes.io/role", "gateway",
                "node-role.kubernetes.io/edge", "", "node-role.kubernetes.io/agent", "x"))).isEmpty();
        assertThat(NodeRestriction.forbiddenLabels(stored, Map.of("kubernetes.io/role", "master",
                "node-role.kubernetes.io/control-plane", "", "example.com/a", "2")))
                .containsExactly("kubernetes.io/role", "node-role.kubernetes.io/control-plane");
        assertThat(NodeRestriction.forbiddenLabels(null, Map.of("kubernetes.io/role", "gateway")))
                .containsExactly("kubernetes.io/role");
    }

    @Test
    void aNodeRegistersWithTaintsButNeverChangesItsSpecAfterwards() throws Exception {
        JsonNode taints = json("{\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}]}");
        assertThat(NodeRestriction.forbiddenSpecFields(null, taints)).isEmpty();
        assertThat(NodeRestriction.forbiddenSpecFields(null, json("{\"podCIDR\":\"10.0.0.0/24\",\"taints\":[]}")))
                .containsExactly("podCIDR");

        assertThat(NodeRestriction.forbiddenSpecFields(taints, json("{}"))).as("left out: no change").isEmpty();
        assertThat(NodeRestriction.forbiddenSpecFields(taints,
                json("{\"taints\":[{\"effect\":\"NoSchedule\",\"key\":\"k\"}]}"))).as("the same").isEmpty();
        assertThat(NodeRestriction.forbiddenSpecFields(taints, json("{\"taints\":[]}"))).containsExactly("taints");
        assertThat(NodeRestriction.forbiddenSpecFields(json("{}"), json("{\"unschedulable\":true}")))
                .containsExactly("unschedulable");
        assertThat(NodeRestriction.forbiddenSpecFields(json("{\"unschedulable\":true}"),
                json("{\"unschedulable\":false}"))).containsExactly("unschedulable");
    }

    private static JsonNode json(String text) throws Exception {
        return MessageCodec.mapper().readTree(text);
    }
}
