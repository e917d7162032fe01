package io.kedge.runtime.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a container's command detached from this JVM, under a small {@code /bin/sh} supervisor
 * that writes the command's exit status to a file when it ends.
 *
 * <p>Why so: the JVM cannot learn the exit code of a process that is not its child, and after a
 * restart of the runtime bundle (or of the JVM) the command is no longer anyone's child here. The
 * supervisor stays the command's parent, so the code is recorded whoever watches. The launcher
 * shell forks the supervisor in the background and exits at once: no JDK reaper thread stays
 * behind per running container. The supervisor's stdin is {@code /dev/null}; as a background job
 * of a non-interactive shell the command ignores SIGINT and SIGQUIT (TERM and KILL work).
 */
final class ProcessLauncher {

    /** $1 = exit file, then the command: run it in the foreground, then record its status atomically. */
    private static final String SUPERVISOR = "f=$1; shift; \"$@\"; s=$?; echo $s > \"$f.tmp\"; mv \"$f.tmp\" \"$f\"";
    /** $1 = supervisor script, $2 = log file, then exit file and command; prints the supervisor's pid. */
    private static final String LAUNCHER =
            "w=$1; log=$2; shift 2; /bin/sh -c \"$w\" kedge-supervisor \"$@\" </dev/null >>\"$log\" 2>&1 & echo $!";

    record Launched(long pid, Instant startInstant) {
    }

    private ProcessLauncher() {
    }

    static Launched launch(List<String> command, Map<String, String> env, Path workDir, Path logFile, Path exitFile)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", LAUNCHER, "kedge-launcher", SUPERVISOR,
                logFile.toString(), exitFile.toString()));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process launcher = builder.start();
        String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!launcher.waitFor(10, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
            throw new IOException("the launcher shell did not return");
        }
        long pid;
        try {
            pid = Long.parseLong(out);
        } catch (NumberFormatException e) {
            throw new IOException("the launcher shell said '" + out + "' instead of a pid");
        }
        Instant started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(Instant.EPOCH);
        return new Launched(pid, started);
    }
}
