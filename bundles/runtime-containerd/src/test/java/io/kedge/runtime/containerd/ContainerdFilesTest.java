package io.kedge.runtime.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerdFilesTest {

    @Test
    void configKeepsEverythingUnderTheFolderWithTheSettingsThisMachineNeeds(@TempDir Path dir) throws Exception {
        ContainerdFiles files = new ContainerdFiles(dir.resolve("runtime/containerd"));
        String toml = Files.readString(files.write("example/pause:1", "10.99.0.0/16", "kbr0", "/usr/lib/cni"));

        assertThat(toml).contains("restrict_oom_score_adj = true")
                .contains("sandbox_image = \"example/pause:1\"")
                .contains("address = \"" + files.socket() + "\"")
                .contains("root = \"" + dir.resolve("runtime/containerd/root") + "\"")
                .contains("bin_dir = \"/usr/lib/cni\"")
                .contains("conf_dir = \"" + files.cniConfDir() + "\"")
                .contains("netns_mounts_under_state_dir = true");
        String conflist = Files.readString(files.cniConfDir().resolve("10-kedge.conflist"));
        assertThat(conflist).contains("\"bridge\": \"kbr0\"").contains("\"subnet\": \"10.99.0.0/16\"")
                .contains("\"type\": \"host-local\"").contains("\"type\": \"portmap\"").contains("\"type\": \"loopback\"");
    }

    @Test
    void quotesValuesSoThatAConfiguredNameCannotAddTomlKeys(@TempDir Path dir) throws Exception {
        ContainerdFiles files = new ContainerdFiles(dir);
        String toml = Files.readString(files.write("x\"\nroot = \"/etc", "10.99.0.0/16", "kbr0", "/usr/lib/cni"));
        assertThat(toml).contains("sandbox_image = \"x\\\"\\nroot = \\\"/etc\"\n")
                .containsOnlyOnce("\nroot = ");
    }

    @Test
    void aBridgeNameOrSubnetThatCannotWorkIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
        ContainerdFiles files = new ContainerdFiles(dir.resolve("c"));
        assertThatThrownBy(() -> files.write("p", "10.99.0.0/16", "a-bridge-too-long", "/usr/lib/cni"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cni.bridge");
        for (String subnet : new String[] {"10.99.0.0", "10.999.0.0/16", "10.99.0.0/31", "fd00::/64", "x"}) {
            assertThatThrownBy(() -> files.write("p", subnet, "kbr0", "/usr/lib/cni"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cni.subnet");
        }
        assertThat(Files.exists(files.config())).isFalse();
    }
}
