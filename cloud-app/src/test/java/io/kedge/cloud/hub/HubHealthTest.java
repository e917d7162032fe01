package io.kedge.cloud.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubHealthTest {
    private final QueuedThreadPool threads = new QueuedThreadPool(12, 2);
    private final Server server = new Server(threads);
    private final ServerConnector connector = new ServerConnector(server, 1, 1);
    private final ProcessErrors errors = new ProcessErrors();
    private final HubHealth health = new HubHealth(server, connector, threads, errors);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        server.stop();
    }

    @Test
    void aRunningHubIsHealthy() {
        assertThat(health.problems()).isEmpty();
    }

    @Test
    void aConnectorThatStoppedAcceptingIsAProblem() throws Exception {
        connector.stop();

        assertThat(health.problems()).singleElement().asString().contains("does not accept connections");
    }

    @Test
    void noThreadLeftForConnectionsIsAProblem() {
        for (int i = 0; i < 20; i++) {
            threads.execute(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> !health.problems().isEmpty());
        assertThat(health.problems()).singleElement().asString().contains("no thread left");
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> health.problems().isEmpty());
    }

    @Test
    void anErrorTheProcessHitIsAProblemForGood() {
        errors.record(new IllegalStateException("not an Error"), "testing");
        assertThat(health.problems()).isEmpty();

        errors.record(new OutOfMemoryError("Java heap space"), "testing");

        assertThat(health.problems()).singleElement().asString().contains("OutOfMemoryError: Java heap space");
    }
}
