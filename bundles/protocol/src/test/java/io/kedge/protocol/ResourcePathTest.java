package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourcePathTest {

    @Test
    void parsesNamespaceTypeAndName() throws Exception {
        ResourcePath path = ResourcePath.parse("default/nodestatus/edge-1");
        assertThat(path).isEqualTo(ResourcePath.of("default", "nodestatus", "edge-1"));
        assertThat(path.toString()).isEqualTo("default/nodestatus/edge-1");
    }

    @Test
    void nameKeepsFurtherSlashes() throws Exception {
        assertThat(ResourcePath.parse("node/edge-1/k8s/ca.crt").name()).isEqualTo("k8s/ca.crt");
    }

    @Test
    void rejectsShortPaths() {
        assertThatThrownBy(() -> ResourcePath.parse("node")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("BAD_RESOURCE");
        assertThatThrownBy(() -> ResourcePath.parse("default//x")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> ResourcePath.parse(null)).isInstanceOf(ProtocolException.class);
    }
}
