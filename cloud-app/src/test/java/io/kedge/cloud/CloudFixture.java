package io.kedge.cloud;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.auth.ClusterCa;
import io.kedge.cloud.auth.NodeIdentity;
import io.kedge.testing.node.FakeNode;
import io.kedge.testing.node.HeldObjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A started cloud-app on free ports of 127.0.0.1, talking to the test's mock API. {@link #start}
 * serves plain ws:// for a {@link FakeNode}; {@link #startSecure} the default wss://.
 */
final class CloudFixture implements AutoCloseable {
    static final CloudApp.Timings FAST =
            new CloudApp.Timings(Duration.ofMillis(200), Duration.ofMillis(300), 4, Duration.ofSeconds(2));

    private final CloudApp app;
    private final KubernetesClient client;

    private CloudFixture(CloudApp app, KubernetesClient client) {
        this.app = app;
        this.client = client;
    }

    static CloudFixture start(KubernetesClient client, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--insecure"));
        args.addAll(List.of(extraArgs));
        return startSecure(client, args.toArray(String[]::new));
    }

    /** With TLS and client certificates, as in production (unless {@code extraArgs} say --insecure). */
    static CloudFixture startSecure(KubernetesClient client, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--cert-port", "0",
                "--metrics-port", "0"));
        args.addAll(List.of(extraArgs));
        return new CloudFixture(CloudApp.start(CloudOptions.parse(args), client, FAST), client);
    }

    CloudApp app() {
        return app;
    }

    int port() {
        return app.port();
    }

    FakeNode connect(String nodeName) throws Exception {
        return FakeNode.connect(port(), nodeName);
    }

    FakeNode connect(String nodeName, HeldObjects store, boolean acking) throws Exception {
        return FakeNode.named(nodeName).store(store).acking(acking).connect(port());
    }

    /** The cluster CA the cloud created in its Secret, read as 'kedge token' would. */
    ClusterCa ca() {
        return ClusterCa.loadOrCreate(client, ClusterCa.DEFAULT_NAMESPACE);
    }

    /** A node with a genuine certificate of its own name that sends what the test tells it to. */
    FakeNode connectHostile(String nodeName) throws Exception {
        return FakeNode.connectHostile(port(), nodeName, identity(nodeName).sslContext());
    }

    /** An honest node over wss:// with a genuine certificate of its own name. */
    FakeNode connectSecure(String nodeName) throws Exception {
        return FakeNode.connectSecure(port(), nodeName, identity(nodeName).sslContext());
    }

    NodeIdentity identity(String nodeName) throws Exception {
        return NodeIdentity.issue(ca(), nodeName, Duration.ofHours(1));
    }

    @Override
    public void close() {
        app.close();
    }
}
