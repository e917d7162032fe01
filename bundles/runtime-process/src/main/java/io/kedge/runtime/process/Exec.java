package io.kedge.runtime.process;

import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.RuntimeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run beside a container. Its output goes to files in the container's folder rather
 * than pipes, so no thread copies it; only the first {@link #MAX_OUTPUT} bytes of each are returned.
 */
final class Exec {
    static final int MAX_OUTPUT = 1 << 20;
    static final int NOT_FOUND = 127;
    static final int TIMED_OUT = 124;

    private Exec() {
    }

    static ExecResult run(List<String> command, Map<String, String> env, Path workDir, Path scratch, Duration timeout)
            throws RuntimeFailure {
        if (command.isEmpty()) {
            throw new RuntimeFailure(RuntimeFailure.NOT_FOUND, "exec needs a command");
        }
        List<String> argv = new ArrayList<>(command);
        var executable = CommandResolver.resolve(argv.get(0), env.get("PATH"), workDir);
        if (executable.isEmpty()) {
            return new ExecResult(NOT_FOUND, new byte[0],
                    ("executable '" + argv.get(0) + "' not found\n").getBytes(StandardCharsets.UTF_8));
        }
        argv.set(0, executable.get().toString());
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile(scratch, "exec-", ".out");
            err = Files.createTempFile(scratch, "exec-", ".err");
            ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            int code;
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                code = process.exitValue();
            } else {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                code = TIMED_OUT;
            }
            return new ExecResult(code, head(out), head(err));
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "exec of " + argv.get(0) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "interrupted during exec", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_OUTPUT);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover scratch file goes with the container's folder
            }
        }
    }
}
