package io.kedge.runtime.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stops a supervised command: TERM to the command (the supervisor's child, like a container's
 * PID 1), KILL to every descendant once the grace has passed; the supervisor survives to record
 * the exit status (143 after TERM, 137 after KILL). Descendants seen before the stop are killed
 * too when the command ends, so orphans it left do not outlive the container.
 */
final class ProcessStopper {
    private static final long POLL_MILLIS = 20;
    /** How long the supervisor may take to record the status once its command is gone. */
    private static final Duration RECORD_GRACE = Duration.ofSeconds(5);

    void stop(Optional<ProcessHandle> supervisor, Path exitFile, Duration grace) throws InterruptedException {
        if (supervisor.isEmpty()) {
            return;
        }
        ProcessHandle shell = supervisor.get();
        Set<ProcessHandle> seen = new HashSet<>(shell.descendants().collect(Collectors.toSet()));
        long deadline = System.nanoTime() + grace.toNanos();
        boolean termed = false;
        while (!ended(shell, exitFile) && System.nanoTime() < deadline) {
            if (!termed) {
                termed = shell.children().map(ProcessHandle::destroy).reduce(false, Boolean::logicalOr);
            }
            Thread.sleep(POLL_MILLIS);
        }
        seen.addAll(shell.descendants().collect(Collectors.toSet()));
        seen.forEach(ProcessHandle::destroyForcibly);
        long recordDeadline = System.nanoTime() + RECORD_GRACE.toNanos();
        while (!ended(shell, exitFile) && System.nanoTime() < recordDeadline) {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(POLL_MILLIS);
        }
        if (!ended(shell, exitFile)) {
            shell.destroyForcibly();
        }
    }

    private static boolean ended(ProcessHandle shell, Path exitFile) {
        return Files.exists(exitFile) || !shell.isAlive();
    }
}
