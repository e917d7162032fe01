package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kedge.cloud.devapi.MockApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@MockApi
class NodeRevocationsTest {
    static KubernetesClient client;

    @Test
    void aRevokedNodesCertificatesAreRefusedAndANewOneIsNot() throws Exception {
        String namespace = "revoke-a";
        ClusterCa ca = ClusterCa.loadOrCreate(client, namespace);
        NodeIdentity before = NodeIdentity.issue(ca, "edge-1", Duration.ofHours(1));
        NodeIdentity other = NodeIdentity.issue(ca, "edge-2", Duration.ofHours(1));
        List<String> closed = new CopyOnWriteArrayList<>();
        try (NodeRevocations revocations = NodeRevocations.watch(client, namespace)) {
            revocations.onRevoked(closed::add);
            assertThat(revocations.refusal("edge-1", before.certificate())).isEmpty();

            NodeRevocations.revoke(client, namespace, "edge-1", Instant.now());

            await().atMost(Duration.ofSeconds(10)).until(() -> revocations.refusal("edge-1", before.certificate()).isPresent());
            assertThat(revocations.refusal("edge-1", before.certificate()).orElseThrow()).contains("join again");
            assertThat(closed).containsExactly("edge-1");
            assertThat(revocations.refusal("edge-2", other.certificate())).isEmpty();
            // Issued later than the revocation (as after joining again with a new token).
            NodeIdentity rejoined = issuedInALaterSecond(ca, "edge-1");
            assertThat(revocations.refusal("edge-1", rejoined.certificate())).isEmpty();
        }
    }

    @Test
    void anUnreadableRevocationTimeRevokesRatherThanAdmits() throws Exception {
        String namespace = "revoke-b";
        ClusterCa ca = ClusterCa.loadOrCreate(client, namespace);
        NodeIdentity node = NodeIdentity.issue(ca, "edge-x", Duration.ofHours(1));
        NodeRevocations.revoke(client, namespace, "edge-y", Instant.now());
        var map = client.configMaps().inNamespace(namespace).withName(NodeRevocations.CONFIGMAP_NAME).get();
        map.getData().put("edge-x", "yesterday-ish");
        client.configMaps().inNamespace(namespace).resource(map).update();
        try (NodeRevocations revocations = NodeRevocations.watch(client, namespace)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> revocations.refusal("edge-x", node.certificate()).isPresent());
        }
    }

    @Test
    void theCommandRecordsTheRevocationAndRefusesABadName() {
        String namespace = "revoke-c";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TokenCommand.ClientFactory clients =
                kubeconfig -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();

        int ok = RevokeCommand.run(List.of("--node", "edge-gone", "--namespace", namespace),
                new PrintStream(out), new PrintStream(err), clients);
        int bad = RevokeCommand.run(List.of("--node", "Not_A_Name"), new PrintStream(out), new PrintStream(err), clients);

        assertThat(ok).isZero();
        assertThat(client.configMaps().inNamespace(namespace).withName(NodeRevocations.CONFIGMAP_NAME).get().getData())
                .containsKey("edge-gone");
        assertThat(bad).isEqualTo(TokenCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--node NAME");
    }

    /** Certificate times have whole seconds: one issued in the revocation's second still counts as before it. */
    private static NodeIdentity issuedInALaterSecond(ClusterCa ca, String node) throws Exception {
        Instant nextSecond = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(nextSecond));
        return NodeIdentity.issue(ca, node, Duration.ofHours(1));
    }
}
