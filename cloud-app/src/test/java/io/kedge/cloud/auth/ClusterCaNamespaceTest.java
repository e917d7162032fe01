package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** Expectation mode, because the CRUD mock accepts Secrets in namespaces that do not exist. */
@EnableKubernetesMockClient(https = false)
class ClusterCaNamespaceTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void firstStartInAFreshClusterCreatesTheNamespace() throws Exception {
        String secrets = "/api/v1/namespaces/kedge/secrets";
        server.expect().get().withPath(secrets + "/kedge-ca").andReturn(404, notFound()).once();
        server.expect().post().withPath(secrets).andReturn(404, notFound()).once();
        server.expect().post().withPath("/api/v1/namespaces").andReturn(201, "{\"metadata\":{\"name\":\"kedge\"}}").once();
        server.expect().post().withPath(secrets).andReturn(201, "{\"metadata\":{\"name\":\"kedge-ca\"}}").once();

        ClusterCa ca = ClusterCa.loadOrCreate(client, "kedge");

        assertThat(ca.certificate()).isNotNull();
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    private static io.fabric8.kubernetes.api.model.Status notFound() {
        return new StatusBuilder().withCode(404).withReason("NotFound").withMessage("namespaces \"kedge\" not found").build();
    }
}
