package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceNamespacesTest {

    @Test
    void theDefaultLeavesOutTheControlPlaneAndTheCloudsOwnNamespace() {
        ServiceNamespaces defaults = ServiceNamespaces.defaultFor("kedge");

        assertThat(defaults.includes("shop")).isTrue();
        assertThat(defaults.includes("default")).isTrue();
        assertThat(defaults.includes("kedge")).isFalse();
        assertThat(defaults.includes("kube-system")).isFalse();
        assertThat(defaults.includes("kube-public")).isFalse();
        assertThat(defaults.includes("kube-node-lease")).isFalse();
        assertThat(defaults).hasToString("*,-kedge,-kube-node-lease,-kube-public,-kube-system");
    }

    @Test
    void aListTakesOnlyItsNamespacesAndAStarAllButTheExcluded() {
        ServiceNamespaces only = ServiceNamespaces.parse("shop, mesh");
        ServiceNamespaces allBut = ServiceNamespaces.parse("*,-monitoring");

        assertThat(only.includes("shop")).isTrue();
        assertThat(only.includes("mesh")).isTrue();
        assertThat(only.includes("kube-system")).isFalse();
        assertThat(allBut.includes("kube-system")).isTrue();
        assertThat(allBut.includes("monitoring")).isFalse();
        assertThat(ServiceNamespaces.parse("*")).isEqualTo(ServiceNamespaces.ALL);
        assertThat(ServiceNamespaces.parse("").includes("default")).as("empty: none").isFalse();
    }

    @Test
    void badListsSayWhatIsWrong() {
        assertThatThrownBy(() -> ServiceNamespaces.parse("Shop")).hasMessageContaining("'Shop' is not a namespace");
        assertThatThrownBy(() -> ServiceNamespaces.parse("a,,b")).hasMessageContaining("'' is not a namespace");
        assertThatThrownBy(() -> ServiceNamespaces.parse("-kube-system")).hasMessageContaining("needs '*'");
        assertThatThrownBy(() -> ServiceNamespaces.parse("*,shop")).hasMessageContaining("every namespace already");
    }
}
