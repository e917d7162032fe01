package io.kedge.runtime.containerd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A containerd process that Kedge starts itself (no systemd on many gateways). It outlives the
 * runtime bundle on purpose: a bundle update finds it through its pid file and reconnects, so pods
 * keep running; {@link #stop()} ends it (on framework shutdown). Its containers run under their
 * shims and survive even that.
 */
final class ManagedContainerd {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedContainerd.class);

    private final ContainerdFiles files;
    private final String binary;

    ManagedContainerd(ContainerdFiles files, String binary) {
        this.files = files;
        this.binary = binary;
    }

    /** The running containerd of this folder, from the pid file, if it is alive. */
    Optional<ProcessHandle> running() {
        try {
            if (!Files.exists(files.pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(files.pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::startedWithThisConfig);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code process} runs with this folder's config.toml, as {@link #ensureStarted} starts
     * it. The pid file outlives a reboot, and its pid may by then be any process's, even another
     * containerd's (the machine's, another node's): taking that one for ours would leave the node
     * waiting on a socket nobody serves. Only when the command line cannot be read, the program's
     * name decides.
     */
    private boolean startedWithThisConfig(ProcessHandle process) {
        return process.info().commandLine().map(line -> line.contains(files.config().toString()))
                .orElseGet(() -> process.info().command().map(c -> c.contains("containerd")).orElse(true));
    }

    /** Starts containerd unless one already runs for this folder; returns its pid. */
    long ensureStarted(String sandboxImage, String subnet, String bridge, String cniBinDir) throws IOException {
        Optional<ProcessHandle> alive = running();
        if (alive.isPresent()) {
            LOG.info("containerd already runs (pid {}), reusing {}", alive.get().pid(), files.socket());
            return alive.get().pid();
        }
        Path config = files.write(sandboxImage, subnet, bridge, cniBinDir);
        Files.deleteIfExists(files.socket());
        Process process = new ProcessBuilder(binary, "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        Files.writeString(files.pidFile(), Long.toString(process.pid()));
        LOG.info("started containerd (pid {}) with {}", process.pid(), config);
        return process.pid();
    }

    /** TERM, then KILL after {@code grace}; removes the pid file. */
    void stop(Duration grace) {
        running().ifPresent(p -> {
            LOG.info("stopping containerd (pid {})", p.pid());
            p.destroy();
            try {
                p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(files.pidFile());
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", files.pidFile(), e.toString());
        }
    }

    Path socket() {
        return files.socket();
    }

    Path log() {
        return files.log();
    }
}
