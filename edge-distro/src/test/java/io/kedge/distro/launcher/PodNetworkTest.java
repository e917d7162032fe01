package io.kedge.distro.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a new containerd node picks its CNI bridge and pod subnet, alone or beside other nodes. */
class PodNetworkTest {

    @Test
    void aLoneNodeKeepsTheDefaults() throws Exception {
        assertThat(PodNetwork.choose("edge-1", Optional.empty(), Optional.empty(), bridge -> false))
                .isEqualTo(new PodNetwork("kedge0", "10.88.0.0/16"));
    }

    @Test
    void besideANodeOnTheDefaultBridgeANodeTakesTheSlotOfItsNameAndTheSameNameAlwaysTheSameSlot() throws Exception {
        PodNetwork first = PodNetwork.choose("edge-2", Optional.empty(), Optional.empty(), "kedge0"::equals);
        assertThat(first.bridge()).matches("kedge([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])");
        String slot = first.bridge().substring("kedge".length());
        assertThat(first.subnet()).isEqualTo("10.89." + slot + ".0/24");
        assertThat(PodNetwork.choose("edge-2", Optional.empty(), Optional.empty(), "kedge0"::equals)).isEqualTo(first);
    }

    @Test
    void nodesStartedOneAfterTheOtherGetDistinctBridgesAndSubnets() {
        Set<String> carryingPods = new HashSet<>(Set.of("kedge0"));
        Set<String> subnets = new HashSet<>(Set.of("10.88.0.0/16"));
        // names chosen to collide: many of them hash to the same slot
        for (String node : IntStream.range(0, 300).mapToObj(i -> "edge-" + i).toList()) {
            PodNetwork network = PodNetwork.derive(node, carryingPods::contains);
            if (carryingPods.size() <= PodNetwork.SLOTS) {
                assertThat(carryingPods).as(node).doesNotContain(network.bridge());
                assertThat(subnets).as(node).doesNotContain(network.subnet());
            }
            carryingPods.add(network.bridge());
            subnets.add(network.subnet());
        }
        assertThat(carryingPods).as("every slot used once, then the node's own slot is shared").hasSize(256);
    }

    @Test
    void slotsDoNotOverlapEachOtherNorTheDefault() {
        Set<String> networks = new HashSet<>();
        for (int slot = 1; slot <= PodNetwork.SLOTS; slot++) {
            PodNetwork network = PodNetwork.slot(slot);
            assertThat(network.bridge().length()).isLessThanOrEqualTo(15);
            assertThat(network.subnet()).startsWith("10.89.").endsWith(".0/24");
            assertThat(networks.add(network.subnet())).isTrue();
        }
    }

    @Test
    void givenValuesWinAndAreChecked() throws Exception {
        assertThat(PodNetwork.choose("edge-1", Optional.of("pods7"), Optional.of("10.200.7.0/24"), "kedge0"::equals))
                .isEqualTo(new PodNetwork("pods7", "10.200.7.0/24"));
        assertThat(PodNetwork.choose("edge-1", Optional.empty(), Optional.of("10.200.7.0/24"), bridge -> false))
                .isEqualTo(new PodNetwork("kedge0", "10.200.7.0/24"));
        for (String bad : List.of("a-bridge-name-too-long", "kedge 1", "")) {
            assertThatThrownBy(() -> PodNetwork.choose("edge-1", Optional.of(bad), Optional.empty(), b -> false))
                    .isInstanceOf(EdgeOptions.UsageException.class).hasMessageContaining("--pod-bridge");
        }
        for (String bad : List.of("10.88.0.0", "10.300.0.0/16", "10.88.0.0/4", "10.88.0.0/30", "fd00::/64")) {
            assertThatThrownBy(() -> PodNetwork.choose("edge-1", Optional.empty(), Optional.of(bad), b -> false))
                    .isInstanceOf(EdgeOptions.UsageException.class).hasMessageContaining("--pod-subnet");
        }
    }
}
