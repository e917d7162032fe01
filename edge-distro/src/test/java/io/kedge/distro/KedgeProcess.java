package io.kedge.distro;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Kedge process started by an end-to-end test, its output appended to a log file. A restart
 * under the same name appends to the same file; this object reads only what its own process wrote.
 */
final class KedgeProcess implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("kedge.root", "..")).toAbsolutePath().normalize();

    private final String name;
    private final Path log;
    /** Where this process's output starts in {@link #log}. */
    private final long logStart;
    private final Process process;

    private KedgeProcess(String name, Path log, long logStart, Process process) {
        this.name = name;
        this.log = log;
        this.logStart = logStart;
        this.process = process;
    }

    /** Runs {@code ./kedge ARGS} from the checkout, without building (the build already did). */
    static KedgeProcess start(String name, Path logDir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("kedge").toString());
        command.addAll(args);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("KEDGE_NO_BUILD", "1");
        env.remove("KUBECONFIG");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        return new KedgeProcess(name, log, logStart, builder.start());
    }

    /** Waits until the log contains {@code text}; fails with the log tail when the process dies first. */
    void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before logging '" + text
                        + "':\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not log '" + text + "' within " + timeout + ":\n" + tail());
    }

    /** What this process has written so far (not an earlier process of the same name). */
    String output() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
    }

    String tail() throws IOException {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Waits for the process to end by itself; its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still runs after " + timeout);
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no goodbye to peers. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
