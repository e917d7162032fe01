package io.kedge.metamanager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./kedge bench outbox [SECONDS] [DIR]}: pod status reports/s the node's upstream outbox accepts
 * (put returned: committed to disk with synchronous=FULL), with group commit against one commit per
 * put ({@code outbox_max_group=1}, the behaviour before group commit) in the same run, on the same
 * disk (DIR, default a new temporary directory: give the node's data disk to measure that one).
 * Reports are keyed by pod as Edged's are (100 pods, so some coalesce); the cloud never answers, as
 * when it is away and reports pile up, except in the last row, where it acknowledges at once and
 * the pump's deletes share the disk with the puts. Lives in the outbox's package to drive its package-private
 * classes (OutboxDatabase, GroupCommit, OutboxPump) without an OSGi framework.
 */
public final class OutboxBench {
    private static final int PODS = 100;
    private static final int ASYNC_IN_FLIGHT = 256;
    private static final int ROUNDS = 4;

    private OutboxBench() {
    }

    private enum Writers {
        ONE_THREAD_BLOCKING("1 thread, put", 1, false, false),
        ONE_THREAD_ASYNC("1 thread, putAsync (" + ASYNC_IN_FLIGHT + " in flight)", 1, true, false),
        EIGHT_THREADS_BLOCKING("8 threads, put", 8, false, false),
        EIGHT_THREADS_ACKED("8 threads, put, the cloud acknowledging", 8, false, true);

        final String label;
        final int threads;
        final boolean async;
        final boolean acked;

        Writers(String label, int threads, boolean async, boolean acked) {
            this.label = label;
            this.threads = threads;
            this.async = async;
            this.acked = acked;
        }
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 2;
        Path work = args.length > 1 ? Files.createTempDirectory(Files.createDirectories(Path.of(args[1])),
                "kedge-outbox-bench-") : Files.createTempDirectory("kedge-outbox-bench-");
        System.out.printf("outbox at %s, synchronous=FULL, %d pods; median of %d runs of %d s each%n", work, PODS,
                ROUNDS, seconds);
        System.out.printf("%-42s %14s %14s %8s%n", "writers", "1 per commit/s", "group/s", "ratio");
        int run = 0;
        try {
            for (Writers writers : Writers.values()) {
                double[] baselines = new double[ROUNDS];
                double[] groups = new double[ROUNDS];
                // Alternated, each first in half the rounds: the run after another one is measurably slower
                // here (the disk still flushing the previous file), and a busy moment should hit both.
                for (int round = 0; round < ROUNDS; round++) {
                    boolean baselineFirst = round % 2 == 0;
                    for (boolean baselineNow : new boolean[] {baselineFirst, !baselineFirst}) {
                        double perSecond = reportsPerSecond(work.resolve("run-" + run++),
                                baselineNow ? 1 : GroupCommit.DEFAULT_MAX_GROUP, writers, seconds);
                        (baselineNow ? baselines : groups)[round] = perSecond;
                    }
                }
                double baseline = median(baselines);
                double grouped = median(groups);
                System.out.printf("%-42s %14.0f %14.0f %7.1fx%n", writers.label, baseline, grouped,
                        grouped / baseline);
            }
        } finally {
            deleteTree(work);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static double reportsPerSecond(Path dir, int maxGroup, Writers writers, long seconds) throws Exception {
        Files.createDirectories(dir);
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (OutboxDatabase database = OutboxDatabase.open(dir.resolve(OutboxDatabase.FILE), 2_000,
                1024L * 1024 * 1024)) {
            OutboxPump pump = new OutboxPump(database, new GroupCommit(database, writer, maxGroup),
                    (message, timeout) -> writers.acked
                            ? CompletableFuture.completedFuture(Message.responseTo(message, "cloud", null))
                            : new CompletableFuture<>(), OutboxPump.Settings.defaults(Duration.ofHours(1)),
                    loop);
            AtomicLong accepted = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < writers.threads; t++) {
                int first = t;
                Thread thread = new Thread(() -> write(pump, writers.async, first, writers.threads, deadline, accepted),
                        "bench-writer-" + t);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            pump.close();
            writer.shutdown();
            return accepted.get() / elapsed;
        } finally {
            writer.shutdownNow();
            loop.shutdownNow();
        }
    }

    /** Puts reports for pods first, first + step, ... until the deadline; counts those that were kept. */
    private static void write(OutboxPump pump, boolean async, int first, int step, long deadline,
            AtomicLong accepted) {
        ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        try {
            for (long i = 0; System.nanoTime() - deadline < 0; i++) {
                int pod = (int) ((first + i * step) % PODS);
                String key = "podstatus/bench/pod-" + pod;
                Message report = report(pod, i);
                if (!async) {
                    pump.put(key, report);
                    accepted.incrementAndGet();
                    continue;
                }
                if (inFlight.size() >= ASYNC_IN_FLIGHT) {
                    inFlight.poll().join();
                    accepted.incrementAndGet();
                }
                inFlight.add(pump.putAsync(key, report));
            }
            for (CompletableFuture<Void> put : inFlight) {
                put.join();
                accepted.incrementAndGet();
            }
        } catch (Exception e) {
            throw new IllegalStateException("a put failed: " + e, e);
        }
    }

    /** About the size of Edged's pod status: a phase, conditions and one container's state. */
    private static Message report(int pod, long generation) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode status = json.objectNode().put("phase", "Running").put("podIP", "10.0.0." + pod)
                .put("observedGeneration", generation);
        ArrayNode conditions = status.putArray("conditions");
        for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
            conditions.add(json.objectNode().put("type", type).put("status", "True")
                    .put("lastTransitionTime", "2026-12-03T12:00:00Z"));
        }
        status.putArray("containerStatuses").add(json.objectNode().put("name", "app").put("ready", true)
                .put("restartCount", 0).put("image", "registry.local/app:1.0")
                .put("containerID", "containerd://" + "0123456789abcdef".repeat(4))
                .set("state", json.objectNode().set("running",
                        json.objectNode().put("startedAt", "2026-12-03T12:00:00Z"))));
        return Message.create("edged", Groups.RESOURCE, "bench/podstatus/pod-" + pod, Operations.UPDATE, status);
    }
}
