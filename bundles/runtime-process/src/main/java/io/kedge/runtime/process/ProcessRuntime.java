package io.kedge.runtime.process;

import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.ContainerStatus;
import io.kedge.runtime.api.DataFolder;
import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.ImageInfo;
import io.kedge.runtime.api.LogChunk;
import io.kedge.runtime.api.PullPolicy;
import io.kedge.runtime.api.RuntimeFailure;
import io.kedge.runtime.api.SandboxSpec;
import io.kedge.runtime.api.SandboxStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ContainerRuntime} for gateways without a container runtime: each container's command
 * runs as a host process under a {@code /bin/sh} supervisor ({@link ProcessLauncher}).
 *
 * <p>Everything lives in files under {@code DATA/runtime/process}: {@code images.properties},
 * {@code sandboxes/ID/sandbox.properties}, {@code containers/ID/container.properties} with the
 * supervisor's pid and start instant, and {@code containers/ID/exitcode} written by the supervisor.
 * Nothing is kept in memory, so a new instance (bundle update, node restart) sees exactly what the
 * previous one left; running processes are not stopped on deactivation and are found again by pid,
 * checked against their start instant so a reused pid is not mistaken for them.
 *
 * <p>What a host process cannot do: images are names only (id {@code process:IMAGE}, nothing is
 * pulled, the pull policy has no effect); sandboxes share the node's network (pod IP = the node's
 * primary address, see {@link HostAddress}); mounts are symlinks under {@code <container>/root}
 * exported as {@code KEDGE_ROOT}, read-only is not enforced and nothing is written outside the data
 * folder; resource limits are not applied. The environment is exactly the container's, plus
 * {@code KEDGE_ROOT} and, when the container sets none, the node's {@code PATH}.
 */
@Component(service = ContainerRuntime.class, immediate = true, configurationPid = "io.kedge.runtime.process",
        property = ContainerRuntime.NAME_PROPERTY + "=" + ProcessRuntime.NAME)
@Designate(ocd = ProcessRuntimeConfiguration.class)
public class ProcessRuntime implements ContainerRuntime {
    static final String NAME = "process";
    /** Recorded when a process ended without recording its code (killed with its supervisor, node restart): as the kubelet does. */
    static final int UNKNOWN_EXIT = 137;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);
    private static final Duration SANDBOX_STOP_GRACE = Duration.ofSeconds(2);

    private final Path root;
    private final Path sandboxes;
    private final Path containers;
    private final Path images;
    private final ProcessStopper stopper = new ProcessStopper();

    @Activate
    public ProcessRuntime(ProcessRuntimeConfiguration config, BundleContext context) throws IOException {
        // the working folder as last resort, as the containerd runtime: short paths for what it makes there
        this(DataFolder.resolve(config.data_dir(), context.getProperty(DataFolder.FRAMEWORK_PROPERTY), () -> Path.of(".")));
    }

    public ProcessRuntime(Path dataDir) throws IOException {
        this.root = dataDir.toAbsolutePath().normalize().resolve("runtime").resolve("process");
        this.sandboxes = Files.createDirectories(root.resolve("sandboxes"));
        this.containers = Files.createDirectories(root.resolve("containers"));
        this.images = root.resolve("images.properties");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "process://0.1.0";
    }

    // images: names only

    @Override
    public synchronized ImageInfo ensureImage(String image, PullPolicy policy) throws RuntimeFailure {
        try {
            Properties seen = Files.exists(images) ? StateFile.read(images) : new Properties();
            if (seen.setProperty(image, "") == null) {
                StateFile.write(images, seen);
            }
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.IMAGE_PULL, "cannot record image " + image + ": " + e, e);
        }
        return imageInfo(image);
    }

    @Override
    public synchronized List<ImageInfo> listImages() throws RuntimeFailure {
        try {
            if (!Files.exists(images)) {
                return List.of();
            }
            return StateFile.read(images).stringPropertyNames().stream().sorted().map(ProcessRuntime::imageInfo).toList();
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "cannot read " + images + ": " + e, e);
        }
    }

    static ImageInfo imageInfo(String image) {
        return new ImageInfo("process:" + image, List.of(image), 0);
    }

    // sandboxes

    @Override
    public synchronized String runPodSandbox(SandboxSpec spec) throws RuntimeFailure {
        String id = newId();
        try {
            Path dir = Files.createDirectories(sandboxes.resolve(id));
            SandboxRecord record = new SandboxRecord(id, spec, Instant.now(), true);
            StateFile.write(dir.resolve(SandboxRecord.FILE), record.toProperties());
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.CREATE_SANDBOX, "cannot write sandbox state: " + e, e);
        }
        return id;
    }

    @Override
    public void stopPodSandbox(String sandboxId) throws RuntimeFailure {
        for (ContainerRecord container : containerRecords()) {
            if (container.sandboxId().equals(sandboxId)) {
                stopContainer(container.id(), SANDBOX_STOP_GRACE);
            }
        }
        Optional<SandboxRecord> sandbox = sandboxRecord(sandboxId);
        if (sandbox.isPresent() && sandbox.get().ready()) {
            writeSandbox(sandbox.get().notReady());
        }
    }

    @Override
    public void removePodSandbox(String sandboxId) throws RuntimeFailure {
        stopPodSandbox(sandboxId);
        for (ContainerRecord container : containerRecords()) {
            if (container.sandboxId().equals(sandboxId)) {
                removeContainer(container.id());
            }
        }
        deleteTree(sandboxes.resolve(checkedId(sandboxId)));
    }

    @Override
    public Optional<SandboxStatus> sandboxStatus(String sandboxId) {
        return sandboxRecord(sandboxId).map(SandboxRecord::status);
    }

    @Override
    public List<SandboxStatus> listSandboxes() throws RuntimeFailure {
        List<SandboxStatus> all = new ArrayList<>();
        for (String id : ids(sandboxes)) {
            sandboxRecord(id).ifPresent(record -> all.add(record.status()));
        }
        return all;
    }

    private Optional<SandboxRecord> sandboxRecord(String id) {
        Path file = sandboxes.resolve(checkedId(id)).resolve(SandboxRecord.FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SandboxRecord.fromProperties(id, StateFile.read(file)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring sandbox {}: its state file {} is unreadable ({})", id, file, e.toString());
            return Optional.empty();
        }
    }

    private void writeSandbox(SandboxRecord record) throws RuntimeFailure {
        try {
            StateFile.write(sandboxes.resolve(record.id()).resolve(SandboxRecord.FILE), record.toProperties());
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "cannot write sandbox state: " + e, e);
        }
    }

    // containers

    @Override
    public synchronized String createContainer(String sandboxId, ContainerSpec spec, SandboxSpec sandbox) throws RuntimeFailure {
        if (sandboxRecord(sandboxId).filter(SandboxRecord::ready).isEmpty()) {
            throw new RuntimeFailure(RuntimeFailure.CREATE_CONTAINER, "sandbox " + sandboxId + " is not ready");
        }
        List<String> command = new ArrayList<>(spec.command());
        command.addAll(spec.args());
        if (command.isEmpty()) {
            throw new RuntimeFailure(RuntimeFailure.CREATE_CONTAINER, "the process runtime needs a command: "
                    + "container " + spec.name() + " names neither command nor args (images are not unpacked)");
        }
        String id = newId();
        Path dir = containers.resolve(id);
        try {
            Files.createDirectories(dir);
            Path rootDir = Files.createDirectories(dir.resolve("root"));
            Mounts.materialise(rootDir, spec.mounts());
            Path logDir = sandbox.logDirectory() == null || sandbox.logDirectory().isEmpty()
                    ? dir.resolve("logs") : Path.of(sandbox.logDirectory());
            String logName = spec.logPath() == null || spec.logPath().isEmpty() ? spec.name() + ".log" : spec.logPath();
            Path logFile = logDir.resolve(logName).toAbsolutePath().normalize();
            Path workDir = spec.workingDir().isEmpty() ? dir : Path.of(spec.workingDir());
            ContainerRecord record = ContainerRecord.created(id, sandboxId, spec, command,
                    environment(spec, rootDir), workDir, logFile, Instant.now());
            writeContainer(record);
            return id;
        } catch (RuntimeFailure e) {
            deleteTree(dir);
            throw e;
        } catch (IOException e) {
            deleteTree(dir);
            throw new RuntimeFailure(RuntimeFailure.CREATE_CONTAINER, "cannot create container " + spec.name() + ": " + e, e);
        }
    }

    /** The container's env exactly, plus KEDGE_ROOT and the node's PATH when it sets none. */
    private static Map<String, String> environment(ContainerSpec spec, Path rootDir) {
        Map<String, String> env = new LinkedHashMap<>();
        for (ContainerSpec.EnvVar var : spec.env()) {
            env.put(var.name(), var.value());
        }
        env.putIfAbsent("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin"));
        env.put("KEDGE_ROOT", rootDir.toString());
        return env;
    }

    @Override
    public synchronized void startContainer(String containerId) throws RuntimeFailure {
        ContainerRecord record = existing(containerId);
        if (record.state() != ContainerStatus.State.CREATED) {
            throw new RuntimeFailure(RuntimeFailure.START_CONTAINER, "container " + containerId + " is " + record.state() + ", not CREATED");
        }
        if (!Files.isDirectory(record.workDir())) {
            throw new RuntimeFailure(RuntimeFailure.START_CONTAINER, "working directory " + record.workDir() + " does not exist");
        }
        List<String> command = new ArrayList<>(record.command());
        Path executable = CommandResolver.resolve(command.get(0), record.env().get("PATH"), record.workDir())
                .orElseThrow(() -> new RuntimeFailure(RuntimeFailure.START_CONTAINER, "executable '" + command.get(0)
                        + "' not found (PATH=" + record.env().get("PATH") + ")"));
        command.set(0, executable.toString());
        Path exitFile = exitFile(containerId);
        try {
            Files.createDirectories(record.logFile().getParent());
            Files.deleteIfExists(exitFile);
            ProcessLauncher.Launched launched = ProcessLauncher.launch(command, record.env(), record.workDir(),
                    record.logFile(), exitFile);
            writeContainer(record.started(launched.pid(), launched.startInstant(), Instant.now()));
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.START_CONTAINER, "cannot start " + command.get(0) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.START_CONTAINER, "interrupted while starting " + containerId, e);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration grace) throws RuntimeFailure {
        Optional<ContainerRecord> record = refreshed(containerId);
        if (record.isEmpty() || record.get().state() != ContainerStatus.State.RUNNING) {
            return;
        }
        try {
            stopper.stop(record.get().supervisor(), exitFile(containerId), grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "interrupted while stopping " + containerId, e);
        }
        refreshed(containerId);
    }

    @Override
    public void removeContainer(String containerId) throws RuntimeFailure {
        stopContainer(containerId, Duration.ZERO);
        deleteTree(containers.resolve(checkedId(containerId)));
    }

    @Override
    public Optional<ContainerStatus> containerStatus(String containerId) throws RuntimeFailure {
        return refreshed(containerId).map(ContainerRecord::status);
    }

    @Override
    public List<ContainerStatus> listContainers() throws RuntimeFailure {
        List<ContainerStatus> all = new ArrayList<>();
        for (String id : ids(containers)) {
            refreshed(id).ifPresent(record -> all.add(record.status()));
        }
        return all;
    }

    private List<ContainerRecord> containerRecords() throws RuntimeFailure {
        List<ContainerRecord> all = new ArrayList<>();
        for (String id : ids(containers)) {
            refreshed(id).ifPresent(all::add);
        }
        return all;
    }

    /**
     * The record with a running process' end taken into account (and saved). Synchronized with
     * create and start, which are quick; stop waits outside the lock.
     */
    private synchronized Optional<ContainerRecord> refreshed(String id) throws RuntimeFailure {
        Optional<ContainerRecord> read = containerRecord(id);
        if (read.isEmpty() || read.get().state() != ContainerStatus.State.RUNNING) {
            return read;
        }
        ContainerRecord record = read.get();
        Path exitFile = exitFile(id);
        if (!Files.exists(exitFile) && record.supervisor().isPresent()) {
            return read;
        }
        ContainerRecord exited;
        try {
            if (Files.exists(exitFile)) {
                int code = Integer.parseInt(Files.readString(exitFile).trim());
                exited = record.exited(code, Files.getLastModifiedTime(exitFile).toInstant(), code == 0 ? "Completed" : "Error", "");
            } else {
                exited = record.exited(UNKNOWN_EXIT, Instant.now(), "Unknown",
                        "the process ended without recording its exit code (killed with its supervisor, or the node restarted)");
            }
        } catch (IOException | NumberFormatException e) {
            exited = record.exited(UNKNOWN_EXIT, Instant.now(), "Unknown", "unreadable exit code: " + e);
        }
        writeContainer(exited);
        return Optional.of(exited);
    }

    private Optional<ContainerRecord> containerRecord(String id) {
        Path file = containers.resolve(checkedId(id)).resolve(ContainerRecord.FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ContainerRecord.fromProperties(id, StateFile.read(file)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring container {}: its state file {} is unreadable ({}); removeContainer deletes it", id, file, e.toString());
            return Optional.empty();
        }
    }

    private ContainerRecord existing(String id) throws RuntimeFailure {
        return refreshed(id).orElseThrow(() -> new RuntimeFailure(RuntimeFailure.NOT_FOUND, "no container " + id));
    }

    private void writeContainer(ContainerRecord record) throws RuntimeFailure {
        try {
            StateFile.write(containers.resolve(record.id()).resolve(ContainerRecord.FILE), record.toProperties());
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "cannot write container state: " + e, e);
        }
    }

    private Path exitFile(String containerId) {
        return containers.resolve(checkedId(containerId)).resolve("exitcode");
    }

    // logs and exec

    @Override
    public LogChunk readLog(String containerId, long offset, int maxBytes) throws RuntimeFailure {
        ContainerRecord record = existing(containerId);
        boolean exited = record.state() == ContainerStatus.State.EXITED;
        Path log = record.logFile();
        if (!Files.exists(log)) {
            return new LogChunk(new byte[0], offset, exited);
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long size = file.length();
            int length = (int) Math.max(0, Math.min(maxBytes, size - offset));
            byte[] data = new byte[length];
            file.seek(offset);
            file.readFully(data);
            long next = offset + length;
            return new LogChunk(data, next, exited && next >= size);
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "cannot read log " + log + ": " + e, e);
        }
    }

    /**
     * Runs {@code command} as a host process with the container's environment and working folder.
     * Output is kept up to {@link Exec#MAX_OUTPUT} bytes per stream; a command not found gives exit
     * code 127 and a timeout kills it (and its descendants) and gives 124, as the shell and
     * {@code timeout(1)} do.
     */
    @Override
    public ExecResult exec(String containerId, List<String> command, Duration timeout) throws RuntimeFailure {
        ContainerRecord record = existing(containerId);
        if (record.state() != ContainerStatus.State.RUNNING) {
            throw new RuntimeFailure(RuntimeFailure.NOT_FOUND, "container " + containerId + " is not running");
        }
        return Exec.run(command, record.env(), record.workDir(), containers.resolve(containerId), timeout);
    }

    // files

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Ids name folders: anything else than our hex ids could walk out of the state folder. */
    private static String checkedId(String id) {
        if (id == null || !id.matches("[0-9a-f]{1,64}")) {
            return "invalid-id";
        }
        return id;
    }

    private List<String> ids(Path folder) throws RuntimeFailure {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "cannot list " + folder + ": " + e, e);
        }
    }

    private static void deleteTree(Path dir) throws RuntimeFailure {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "cannot delete " + dir + ": " + e, e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
