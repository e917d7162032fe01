package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EdgeHubTest {

    @Test
    void buildsTheKubeEdgeEventsPath() {
        assertThat(EdgeHub.eventsUri("ws://cloud:10000/", "p1", "edge-1").toString())
                .isEqualTo("ws://cloud:10000/p1/edge-1/events");
        assertThat(EdgeHub.eventsUri("wss://cloud:443", "p1", "n").toString()).isEqualTo("wss://cloud:443/p1/n/events");
    }

    @Test
    void aBareHostMeansTlsOnTheHubPort() {
        assertThat(EdgeHub.eventsUri("cloud.example", "p1", "edge-1").toString())
                .isEqualTo("wss://cloud.example:10000/p1/edge-1/events");
    }

    @Test
    void refusesOtherSchemes() {
        assertThatThrownBy(() -> EdgeHub.eventsUri("http://cloud:10000", "p", "n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
    }

    @Test
    void theCertificateServerIsTheCloudHostOnPort10002UnlessConfigured() {
        URI events = EdgeHub.eventsUri("wss://cloud.example:10000", "p", "n");
        assertThat(EdgeHub.certificateServerUri("", events)).isEqualTo(URI.create("https://cloud.example:10002"));
        assertThat(EdgeHub.certificateServerUri("certs.example", events))
                .isEqualTo(URI.create("https://certs.example:10002"));
        assertThat(EdgeHub.certificateServerUri("https://certs.example:8443/", events))
                .isEqualTo(URI.create("https://certs.example:8443"));
        assertThat(EdgeHub.certificateServerUri("", EdgeHub.eventsUri("wss://[::1]:10000", "p", "n")))
                .isEqualTo(URI.create("https://[::1]:10002"));
    }

    @Test
    void theTokenNeverTravelsInClearText() {
        URI events = EdgeHub.eventsUri("wss://cloud:10000", "p", "n");
        assertThatThrownBy(() -> EdgeHub.certificateServerUri("http://cloud:10002", events))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://");
    }

    @Test
    void theJoinTokenIsNoConfigurationProperty() {
        // A configuration stays in etc/*.cfg for the node's life; the token must not outlive the join.
        assertThat(java.util.Arrays.stream(EdgeHubConfiguration.class.getDeclaredMethods()).map(m -> m.getName()))
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("token"));
    }
}
