package io.kedge.cloud.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeNamesTest {

    @Test
    void dns1123Subdomains() {
        assertThat(NodeNames.isValid("edge-1")).isTrue();
        assertThat(NodeNames.isValid("edge.site-7.example")).isTrue();
        assertThat(NodeNames.isValid("a")).isTrue();
        assertThat(NodeNames.isValid("Edge")).isFalse();
        assertThat(NodeNames.isValid("edge_1")).isFalse();
        assertThat(NodeNames.isValid("-edge")).isFalse();
        assertThat(NodeNames.isValid("edge-")).isFalse();
        assertThat(NodeNames.isValid("")).isFalse();
        assertThat(NodeNames.isValid("a".repeat(254))).isFalse();
    }
}
