package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.kedge.cloud.devapi.EmbeddedApiServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A cloud started while its API is too busy to list watches every kind once the API answers. */
class ClusterInformersRetryTest {

    @Test
    void anApiTooBusyToAnswerTheFirstListIsAskedAgainAndWatchedOnceItAnswers() throws Exception {
        int port = freePort();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
                .withRequestTimeout(1_000).withConnectionTimeout(1_000).build();
        List<String> upserted = new CopyOnWriteArrayList<>();
        AtomicBoolean synced = new AtomicBoolean();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
                ClusterInformers informers = new ClusterInformers()) {
            try (SilentApi busy = new SilentApi(port)) {
                informers.start(client, events(upserted, synced));

                await().atMost(Duration.ofSeconds(60)).until(() -> busy.requestsFor("/api/v1/configmaps") >= 2);
                assertThat(synced).as("synced while a kind was never listed").isFalse();
            }

            try (EmbeddedApiServer server = EmbeddedApiServer.start(port)) {
                await().atMost(Duration.ofSeconds(90)).until(informers::watching);
                assertThat(synced).isTrue();
                client.configMaps().inNamespace("plant").resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("settings").endMetadata().addToData("k", "v").build()).create();

                await().atMost(Duration.ofSeconds(30)).until(() -> upserted.contains("ConfigMap settings"));
            }
        }
    }

    @Test
    void aRefusalEndsTheFirstListWhatTheApiCouldNotAnswerYetDoesNot() {
        assertThat(ClusterInformers.retryAfter(false, new KubernetesClientException("no", 403, null))).isFalse();
        assertThat(ClusterInformers.retryAfter(false, new KubernetesClientException("gone", 404, null))).isFalse();
        assertThat(ClusterInformers.retryAfter(false, new KubernetesClientException("busy", 429, null))).isTrue();
        assertThat(ClusterInformers.retryAfter(false, new KubernetesClientException("oops", 500, null))).isTrue();
        assertThat(ClusterInformers.retryAfter(false,
                new KubernetesClientException("timeout", new SocketTimeoutException()))).isTrue();
        assertThat(ClusterInformers.retryAfter(true, new KubernetesClientException("no", 403, null))).isTrue();
        assertThat(ClusterInformers.retryAfter(true, new WatcherException("broken"))).isFalse();
    }

    private static ClusterEvents events(List<String> upserted, AtomicBoolean synced) {
        return new ClusterEvents() {
            @Override
            public void upserted(HasMetadata object) {
                upserted.add(object.getKind() + " " + object.getMetadata().getName());
            }

            @Override
            public void deleted(HasMetadata object) {
            }

            @Override
            public void clusterSynced() {
                synced.set(true);
            }
        };
    }

    /** Accepts connections and reads requests but never answers: an API server too busy to list. */
    private static final class SilentApi implements AutoCloseable {
        private final ServerSocket server;
        private final List<String> requestLines = new CopyOnWriteArrayList<>();
        private final List<Socket> clients = new CopyOnWriteArrayList<>();

        SilentApi(int port) throws IOException {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "silent-api");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        long requestsFor(String path) {
            return requestLines.stream().filter(line -> line.startsWith("GET " + path)).count();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    clients.add(client);
                    Thread reader = new Thread(() -> read(client), "silent-api-reader");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void read(Socket client) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.ISO_8859_1))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("GET ")) {
                        requestLines.add(line);
                    }
                }
            } catch (IOException closed) {
                // the client gave up or the test closed us
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
