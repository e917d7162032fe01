package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EdgeHubTest {

    @Test
    void buildsTheKubeEdgeEventsPath() {
        assertThat(EdgeHub.eventsUri("ws://cloud:10000/", "p1", "edge-1").toString())
                .isEqualTo("ws://cloud:10000/p1/edge-1/events");
        assertThat(EdgeHub.eventsUri("cloud.example", "p1", "edge-1").toString())
                .isEqualTo("ws://cloud.example:10000/p1/edge-1/events");
        assertThat(EdgeHub.eventsUri("wss://cloud:443", "p1", "n").getScheme()).isEqualTo("wss");
    }

    @Test
    void refusesOtherSchemes() {
        assertThatThrownBy(() -> EdgeHub.eventsUri("http://cloud:10000", "p", "n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
    }
}
