package io.kedge.cloud.edgecontroller;

import static io.kedge.cloud.edgecontroller.PodStatusHandlerTest.assertFinalRefusal;
import static io.kedge.cloud.edgecontroller.PodStatusHandlerTest.pod;
import static io.kedge.cloud.edgecontroller.PodStatusHandlerTest.report;
import static io.kedge.cloud.edgecontroller.PodStatusHandlerTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pod status while the API server fails, conflicts or refuses: the node learns whether to send it again. */
@EnableKubernetesMockClient(https = false)
class PodStatusApiFailureTest {
    private static final String POD_PATH = "/api/v1/namespaces/plant/pods/mine";

    static KubernetesMockServer server;

    private KubernetesClient client;
    private final Pod mine = new PodBuilder(pod("mine", "edge-a")).editMetadata().withUid("uid-mine")
            .withResourceVersion("5").endMetadata().build();

    @BeforeEach
    void client() {
        server.reset(); // expectations of the previous test, "always" ones included
        client = clientOf(server.url("/"));
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void anApiServerFailureAsksTheNodeToSendAgainLater() {
        server.expect().get().withPath(POD_PATH).andReturn(500, failure(500, "InternalError")).always();
        assertRetryable(handle(client));
    }

    @Test
    void anUnreachableApiServerAsksTheNodeToSendAgainLater() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KubernetesClient unreachable = clientOf("http://127.0.0.1:" + closedPort)) {
            assertRetryable(handle(unreachable));
        }
    }

    @Test
    void aConflictIsReadAgainAndWritten() {
        server.expect().get().withPath(POD_PATH).andReturn(200, mine).always();
        server.expect().put().withPath(POD_PATH + "/status").andReturn(409, failure(409, "Conflict")).once();
        server.expect().put().withPath(POD_PATH + "/status").andReturn(200, mine).once();
        int before = server.getRequestCount();

        assertThat(handle(client).operation()).isEqualTo(Operations.RESPONSE);
        assertThat(server.getRequestCount() - before).as("get, conflict, get, put").isEqualTo(4);
    }

    @Test
    void conflictsWithoutEndAskTheNodeToSendAgainLater() {
        server.expect().get().withPath(POD_PATH).andReturn(200, mine).always();
        server.expect().put().withPath(POD_PATH + "/status").andReturn(409, failure(409, "Conflict")).always();
        assertRetryable(handle(client));
    }

    @Test
    void aPodDeletedBetweenReadAndWriteOrAnInvalidStatusIsRefusedForGood() {
        server.expect().get().withPath(POD_PATH).andReturn(200, mine).always();
        server.expect().put().withPath(POD_PATH + "/status").andReturn(404, failure(404, "NotFound")).once();
        server.expect().put().withPath(POD_PATH + "/status").andReturn(422, failure(422, "Invalid")).once();

        assertFinalRefusal(handle(client), "not found");
        assertFinalRefusal(handle(client), "refuses this status");
    }

    private static void assertRetryable(Message reply) {
        assertThat(reply.operation()).isEqualTo(Operations.ERROR);
        assertThat(reply.content().asText()).startsWith(ErrorReplies.UNAVAILABLE);
        assertThat(ErrorReplies.isRetryable(reply)).isTrue();
    }

    private static Message handle(KubernetesClient client) {
        Message report = report("mine", status("Running"));
        CapturedReplies replies = new CapturedReplies();
        try (ReportWriter writer = replies.writer()) {
            return replies.handle(new PodStatusHandler(client, writer), "edge-a",
                    ResourcePath.of("plant", "podstatus", "mine"), report);
        }
    }

    /** No client-side retries: each answer of the mock is seen by the handler. */
    private static KubernetesClient clientOf(String url) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withRequestRetryBackoffLimit(0)
                .withRequestTimeout(2_000).withConnectionTimeout(2_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static Status failure(int code, String reason) {
        return new StatusBuilder().withCode(code).withReason(reason).withMessage(reason).build();
    }
}
