package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceKeyTest {

    @Test
    void readsTheShortAndKubeEdgesLongForm() throws RejectedMessage {
        assertThat(ResourceKey.parse("ns/pod/web")).isEqualTo(new ResourceKey("ns", "pod", "web"));
        assertThat(ResourceKey.parse("node/edge-1/ns/configmap/cfg")).isEqualTo(new ResourceKey("ns", "configmap", "cfg"));
    }

    @Test
    void refusesUnknownTypesAndOddShapes() {
        assertThatThrownBy(() -> ResourceKey.parse("ns/deployment/web")).hasMessageContaining("unknown resource type");
        assertThatThrownBy(() -> ResourceKey.parse("ns/pod")).isInstanceOf(RejectedMessage.class);
        assertThatThrownBy(() -> ResourceKey.parse("ns/pod/")).isInstanceOf(RejectedMessage.class);
        assertThatThrownBy(() -> ResourceKey.parse("a/b/ns/pod/web")).isInstanceOf(RejectedMessage.class);
        assertThatThrownBy(() -> ResourceKey.parse(null)).isInstanceOf(RejectedMessage.class);
    }

    @Test
    void versionsCompareAsNumbersWhenBothAreNumbers() {
        assertThat(Versions.isNewer("10", "9")).isTrue();
        assertThat(Versions.isNewer("9", "10")).isFalse();
        assertThat(Versions.isNewer("7", "7")).isFalse();
        assertThat(Versions.isNewer("abc", "abd")).isTrue();
        assertThat(Versions.isNewer("abc", "abc")).isFalse();
        assertThat(Versions.isNewer("", "5")).isTrue();
    }
}
