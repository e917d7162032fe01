package io.kedge.runtime.process;

import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.ContainerStatus.State;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A container as its state file keeps it: what to run, and the supervisor's pid and start instant
 * while it runs (the pair tells the supervisor from a later process that got the same pid).
 */
record ContainerRecord(String id, String sandboxId, String name, int attempt, String image, List<String> command,
        Map<String, String> env, Path workDir, Path logFile, Map<String, String> labels, State state,
        Instant createdAt, Instant startedAt, Instant finishedAt, long pid, Instant pidStart, int exitCode,
        String reason, String message) {
    static final String FILE = "container.properties";

    static ContainerRecord created(String id, String sandboxId, ContainerSpec spec, List<String> command,
            Map<String, String> env, Path workDir, Path logFile, Instant now) {
        return new ContainerRecord(id, sandboxId, spec.name(), spec.attempt(), spec.image(), List.copyOf(command),
                env, workDir, logFile, spec.labels(), State.CREATED, now, null, null, 0, null, 0, "", "");
    }

    ContainerRecord started(long newPid, Instant newPidStart, Instant now) {
        return new ContainerRecord(id, sandboxId, name, attempt, image, command, env, workDir, logFile, labels,
                State.RUNNING, createdAt, now, null, newPid, newPidStart, 0, "", "");
    }

    ContainerRecord exited(int code, Instant at, String why, String detail) {
        return new ContainerRecord(id, sandboxId, name, attempt, image, command, env, workDir, logFile, labels,
                State.EXITED, createdAt, startedAt, at, pid, pidStart, code, why, detail);
    }

    /**
     * The supervisor while it is alive and is the process we started (same start instant; EPOCH
     * means the instant could not be read at launch, and then the pid alone has to do).
     */
    Optional<ProcessHandle> supervisor() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> Instant.EPOCH.equals(pidStart)
                || h.info().startInstant().map(s -> s.equals(pidStart)).orElse(true));
    }

    ContainerStatus status() {
        return new ContainerStatus(id, sandboxId, name, attempt, state, image, ProcessRuntime.imageInfo(image).id(),
                createdAt, startedAt, finishedAt, exitCode, reason, message, labels);
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("sandboxId", sandboxId);
        p.setProperty("name", name);
        p.setProperty("attempt", Integer.toString(attempt));
        p.setProperty("image", image);
        Maps.putList(p, "command", command);
        env.forEach((key, value) -> p.setProperty("env." + key, value));
        p.setProperty("envOrder", String.join("\u0000", env.keySet()));
        p.setProperty("workDir", workDir.toString());
        p.setProperty("logFile", logFile.toString());
        Maps.putMap(p, "label", labels);
        p.setProperty("state", state.name());
        p.setProperty("createdAt", createdAt.toString());
        if (startedAt != null) {
            p.setProperty("startedAt", startedAt.toString());
            p.setProperty("pid", Long.toString(pid));
            p.setProperty("pidStart", pidStart.toString());
        }
        if (finishedAt != null) {
            p.setProperty("finishedAt", finishedAt.toString());
        }
        p.setProperty("exitCode", Integer.toString(exitCode));
        p.setProperty("reason", reason);
        p.setProperty("message", message);
        return p;
    }

    static ContainerRecord fromProperties(String id, Properties p) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String key : StateFile.required(p, "envOrder").split("\u0000")) {
            if (!key.isEmpty()) {
                env.put(key, StateFile.required(p, "env." + key));
            }
        }
        List<String> command = Maps.getList(p, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        return new ContainerRecord(id, StateFile.required(p, "sandboxId"), StateFile.required(p, "name"),
                Integer.parseInt(StateFile.required(p, "attempt")), StateFile.required(p, "image"), command, env,
                Path.of(StateFile.required(p, "workDir")), Path.of(StateFile.required(p, "logFile")),
                Maps.getMap(p, "label"), State.valueOf(StateFile.required(p, "state")),
                Instant.parse(StateFile.required(p, "createdAt")), instant(p, "startedAt"), instant(p, "finishedAt"),
                Long.parseLong(p.getProperty("pid", "0")), instant(p, "pidStart"),
                Integer.parseInt(StateFile.required(p, "exitCode")), p.getProperty("reason", ""),
                p.getProperty("message", ""));
    }

    private static Instant instant(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null ? null : Instant.parse(value);
    }
}
