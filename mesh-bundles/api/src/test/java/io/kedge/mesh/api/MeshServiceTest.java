package io.kedge.mesh.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeshServiceTest {

    @Test
    void aServiceWithoutClusterIpIsHeadlessAndOnlyReadyEndpointsTakeTraffic() {
        Endpoint ready = new Endpoint("10.0.0.1", Map.of("http", 8080), true, "web-1", "", "edge-1");
        Endpoint starting = new Endpoint("10.0.0.2", Map.of("http", 8080), false, "web-2", null, null);
        MeshService headless = new MeshService("shop", "web", null, List.of(new ServicePort("http", null, 80, "http")),
                List.of(ready, starting), LoadBalancing.DEFAULT);

        assertThat(headless.headless()).isTrue();
        assertThat(headless.key()).isEqualTo("shop/web");
        assertThat(headless.readyEndpoints()).containsExactly(ready);
        assertThat(headless.port("tcp", 80)).map(ServicePort::name).contains("http");
        assertThat(headless.port("UDP", 80)).isEmpty();
        assertThat(starting.port("http")).hasValue(8080);
        assertThat(starting.port("metrics")).isEmpty();
    }

    @Test
    void consistentHashingNamesItsHeaderOrHashesTheSourceIp() {
        assertThat(new LoadBalancing(LoadBalancing.Policy.CONSISTENT_HASH, "header:X-User", 0).hashHeader())
                .contains("X-User");
        assertThat(new LoadBalancing(LoadBalancing.Policy.CONSISTENT_HASH, " ", 0).hashKey())
                .isEqualTo(LoadBalancing.SOURCE_IP);
        assertThatThrownBy(() -> new LoadBalancing(LoadBalancing.Policy.RANDOM, null, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backend("10.0.0.1", 0, null)).hasMessageContaining("port out of range");
    }
}
