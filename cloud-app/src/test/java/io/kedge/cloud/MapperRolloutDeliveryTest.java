package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.kedge.cloud.devapi.MockApi;
import io.kedge.cloud.mappercontroller.Mapper;
import io.kedge.cloud.mappercontroller.MapperSpec;
import io.kedge.cloud.mappercontroller.MapperStatus;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.mapper.MapperBundle;
import io.kedge.protocol.mapper.MapperBundleResult;
import io.kedge.testing.node.FakeNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mapper bundles go out through the real CloudHub to fake nodes, batch by batch; the nodes' answers
 * reach the Mapper's status, the first failure stops the rollout, and a bundle whose bytes are not
 * the spec's digest goes nowhere.
 */
@MockApi
class MapperRolloutDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration SETTLE = Duration.ofMillis(700);

    static KubernetesClient client;
    static CloudFixture cloud;

    @BeforeAll
    static void startCloud() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("deploy", "kedge.io_v1alpha1_mapper.yaml"))) {
            for (HasMetadata crd : client.load(in).items()) {
                client.resource(crd).createOr(NonDeletingOperation::update);
            }
        }
        cloud = CloudFixture.start(client, "--node-lifecycle", "off");
    }

    @AfterAll
    static void stopCloud() {
        cloud.close();
    }

    @Test
    void rollsOutOneNodeAtATimeToTheSelectedNodesAndRecordsEachAnswer() throws Exception {
        byte[] jar = "a mapper jar, as far as the cloud cares".getBytes(StandardCharsets.UTF_8);
        createNode("zone-a-1", "a");
        createNode("zone-a-2", "a");
        createNode("zone-b-1", "b");
        try (FakeNode a1 = cloud.connect("zone-a-1"); FakeNode a2 = cloud.connect("zone-a-2");
                FakeNode b1 = cloud.connect("zone-b-1")) {
            createJar("modbus-jar", jar);
            createMapper("modbus", "modbus-jar", MapperBundle.sha256Of(jar), "a", 1);

            Message first = awaitBundle(a1, "modbus");
            MapperBundle sent = MapperBundle.parse(first.content());
            assertThat(sent.bundle()).isEqualTo(jar);
            assertThat(sent.digestMatches()).isTrue();
            Thread.sleep(SETTLE.toMillis());
            assertThat(bundles(a2, "modbus")).as("the second batch waits for the first").isEmpty();

            assertThat(a1.request(MapperBundleResult.installed(sent).message("mapperdeploy")).operation())
                    .isEqualTo(Operations.RESPONSE);
            MapperBundle second = MapperBundle.parse(awaitBundle(a2, "modbus").content());
            assertThat(a2.request(MapperBundleResult.installed(second).message("mapperdeploy")).operation())
                    .isEqualTo(Operations.RESPONSE);

            await().atMost(WAIT).until(() -> MapperStatus.COMPLETE.equals(phase("modbus")));
            MapperStatus status = mapper("modbus").getStatus();
            assertThat(status.nodes()).extracting(MapperStatus.NodeStatus::node, MapperStatus.NodeStatus::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("zone-a-1", "Installed"),
                            org.assertj.core.groups.Tuple.tuple("zone-a-2", "Installed"));
            assertThat(status.message()).isEqualTo("2 of 2 nodes installed 1.0.0");
            assertThat(bundles(b1, "modbus")).as("not selected").isEmpty();

            Message notSelected = b1.request(MapperBundleResult.installed(sent).message("mapperdeploy"));
            assertThat(notSelected.operation()).isEqualTo(Operations.ERROR);
            assertThat(notSelected.content().asText()).contains("does not select node zone-b-1");

            client.nodes().withName("zone-a-2").edit(node -> {
                node.getMetadata().getLabels().put("zone", "b");
                return node;
            });
            await().atMost(WAIT).until(() -> removals(a2, "modbus") == 1);
            await().atMost(WAIT).until(() -> mapper("modbus").getStatus().nodes().size() == 1);
            assertThat(removals(a1, "modbus")).isZero();

            client.resources(Mapper.class).withName("modbus").delete();
            await().atMost(WAIT).until(() -> removals(a1, "modbus") == 1);
            assertThat(removals(b1, "modbus")).isZero();
        }
    }

    @Test
    void theFirstFailureStopsTheRolloutWithTheNodesReason() throws Exception {
        byte[] jar = "a broken mapper".getBytes(StandardCharsets.UTF_8);
        createNode("zone-c-1", "c");
        createNode("zone-c-2", "c");
        try (FakeNode c1 = cloud.connect("zone-c-1"); FakeNode c2 = cloud.connect("zone-c-2")) {
            createJar("broken-jar", jar);
            createMapper("broken", "broken-jar", MapperBundle.sha256Of(jar), "c", 1);

            MapperBundle sent = MapperBundle.parse(awaitBundle(c1, "broken").content());
            c1.request(MapperBundleResult.failed(sent, "its activator threw: java.lang.IllegalStateException: boom")
                    .message("mapperdeploy"));

            await().atMost(WAIT).until(() -> MapperStatus.FAILED.equals(phase("broken")));
            assertThat(mapper("broken").getStatus().message())
                    .isEqualTo("rollout stopped: node zone-c-1 failed: its activator threw: java.lang.IllegalStateException: boom");
            Thread.sleep(SETTLE.toMillis());
            assertThat(bundles(c2, "broken")).isEmpty();
        }
    }

    @Test
    void aJarThatIsNotTheSpecsDigestGoesToNoNode() throws Exception {
        createNode("zone-d-1", "d");
        try (FakeNode d1 = cloud.connect("zone-d-1")) {
            createJar("tampered-jar", "tampered".getBytes(StandardCharsets.UTF_8));
            createMapper("tampered", "tampered-jar", MapperBundle.sha256Of("original".getBytes(StandardCharsets.UTF_8)),
                    "d", 1);

            await().atMost(WAIT).until(() -> MapperStatus.FAILED.equals(phase("tampered")));
            assertThat(mapper("tampered").getStatus().message()).startsWith("digest mismatch: ConfigMap kedge/tampered-jar");
            Thread.sleep(SETTLE.toMillis());
            assertThat(bundles(d1, "tampered")).isEmpty();
        }
    }

    private static void createNode(String name, String zone) {
        Node node = KubeObjects.edgeNode(name);
        node.getMetadata().getLabels().put("zone", zone);
        client.nodes().resource(node).create();
    }

    private static void createJar(String name, byte[] jar) {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withNamespace("kedge").withName(name)
                .endMetadata().withBinaryData(Map.of("mapper.jar", Base64.getEncoder().encodeToString(jar))).build())
                .createOr(NonDeletingOperation::update);
    }

    private static void createMapper(String name, String configMap, String sha256, String zone, int batchSize) {
        Mapper mapper = new Mapper();
        mapper.setMetadata(new ObjectMetaBuilder().withName(name).build());
        mapper.setSpec(new MapperSpec(new MapperSpec.Bundle(new MapperSpec.ConfigMapKey("kedge", configMap, "mapper.jar")),
                sha256, "1.0.0", new LabelSelectorBuilder().addToMatchLabels("zone", zone).build(),
                new MapperSpec.Rollout(batchSize)));
        client.resources(Mapper.class).resource(mapper).create();
    }

    private static Mapper mapper(String name) {
        return client.resources(Mapper.class).withName(name).get();
    }

    private static String phase(String name) {
        Mapper mapper = mapper(name);
        return mapper == null || mapper.getStatus() == null ? null : mapper.getStatus().phase();
    }

    private static Message awaitBundle(FakeNode node, String mapper) {
        await().atMost(WAIT).until(() -> !bundles(node, mapper).isEmpty());
        return bundles(node, mapper).get(0);
    }

    private static List<Message> bundles(FakeNode node, String mapper) {
        return node.downstream(MapperBundle.resource(mapper)).stream()
                .filter(message -> Operations.UPDATE.equals(message.operation())).toList();
    }

    private static long removals(FakeNode node, String mapper) {
        return node.downstream(MapperBundle.resource(mapper)).stream()
                .filter(message -> Operations.DELETE.equals(message.operation())).count();
    }
}
