package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kedge.cloud.CloudOptions.NodeLifecycleMode;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class LifecycleModeTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void autoIsOnOnlyAgainstTheEmbeddedApi() {
        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("32")
                .withGitVersion("v1.32.0").build());
        assertThat(CloudApp.lifecycleOn(NodeLifecycleMode.AUTO, client)).isFalse();

        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("32")
                .withGitVersion("v1.32.0-kedge").build());
        assertThat(CloudApp.lifecycleOn(NodeLifecycleMode.AUTO, client)).isTrue();

        assertThat(CloudApp.lifecycleOn(NodeLifecycleMode.ON, client)).isTrue();
        assertThat(CloudApp.lifecycleOn(NodeLifecycleMode.OFF, client)).isFalse();
    }
}
