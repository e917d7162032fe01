package io.kedge.runtime.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pid file of the containerd Kedge runs outlives a reboot; the pid in it may by then belong to
 * another process, even another containerd (the machine's, another node's). Only the process
 * started with this folder's config.toml is this node's containerd.
 */
class ManagedContainerdTest {

    @Test
    void aLiveProcessNamedContainerdWithAnotherConfigIsNotThisNodesContainerd(@TempDir Path dir) throws Exception {
        // an impostor whose program is called containerd, as the machine's own containerd would be
        Path program = Files.copy(Path.of("/bin/sleep"),
                Files.createDirectories(dir.resolve("bin")).resolve("containerd"), StandardCopyOption.COPY_ATTRIBUTES);
        ContainerdFiles files = new ContainerdFiles(Files.createDirectories(dir.resolve("node/runtime/containerd")));
        ManagedContainerd managed = new ManagedContainerd(files, program.toString());
        Process other = new ProcessBuilder(program.toString(), "60").start();
        try {
            Files.writeString(files.pidFile(), Long.toString(other.pid()));
            assertThat(other.info().command()).hasValueSatisfying(c -> assertThat(c).contains("containerd"));

            assertThat(managed.running()).as("the pid file's pid, now another containerd's").isEmpty();
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theProcessStartedWithThisFoldersConfigIsThisNodesContainerd(@TempDir Path dir) throws Exception {
        ContainerdFiles files = new ContainerdFiles(Files.createDirectories(dir.resolve("runtime/containerd")));
        ManagedContainerd managed = new ManagedContainerd(files, "containerd");
        // what ensureStarted runs, "containerd --config DIR/config.toml", played by a shell that waits
        Process ours = new ProcessBuilder(List.of("sh", "-c", "sleep 60; exit 0", "containerd", "--config",
                files.config().toString())).start();
        try {
            Files.writeString(files.pidFile(), Long.toString(ours.pid()));

            assertThat(managed.running()).hasValueSatisfying(p -> assertThat(p.pid()).isEqualTo(ours.pid()));
        } finally {
            ours.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
