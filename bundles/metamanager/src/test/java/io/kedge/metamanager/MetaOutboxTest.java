package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.api.bus.GroupStats;
import io.kedge.api.bus.MessageBus;
import io.kedge.api.outbox.OutboxException;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox component as the framework runs it: configuration, the bus, activation and deactivation. */
class MetaOutboxTest {
    @TempDir
    Path dir;

    private final RecordingBus bus = new RecordingBus();
    private final List<MetaOutbox> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void deactivateAll() {
        opened.forEach(MetaOutbox::deactivate);
    }

    @Test
    void reportsGoToTheHubGroupInOrderAndAStopLosesNone() throws Exception {
        MetaOutbox outbox = activate(Map.of());
        outbox.put("podstatus/ns/a", report("a1"));
        outbox.put(null, report("event"));
        outbox.put("podstatus/ns/b", report("b1"));
        await().until(() -> bus.requests.size() == 3);
        assertThat(bus.groups).containsOnly("hub");

        outbox.deactivate();
        assertThat(bus.answers).allMatch(CompletableFuture::isCancelled);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("kedge-outbox"));
        assertThatThrownBy(() -> outbox.put(null, report("late"))).isInstanceOf(OutboxException.class)
                .hasMessageContaining("closed");

        bus.clear();
        bus.acking = true;
        MetaOutbox restarted = activate(Map.of());
        await().until(() -> restarted.stats().depth() == 0);
        assertThat(bus.requests).extracting(m -> m.content().asText()).containsExactly("a1", "event", "b1");
        assertThat(restarted.stats().acked()).isEqualTo(3);
    }

    @Test
    void aFullOutboxRefusesTheReportSayingItWasNotKept() throws Exception {
        MetaOutbox outbox = activate(Map.of("outbox_max_megabytes", 1));
        String big = "x".repeat(100_000);
        OutboxException refusal = null;
        int kept = 0;
        while (refusal == null && kept < 100) {
            try {
                outbox.put(null, report(big + kept));
                kept++;
            } catch (OutboxException e) {
                refusal = e;
            }
        }
        assertThat(refusal).isNotNull();
        assertThat(refusal.getMessage()).contains("is full").contains("was not kept");
        assertThat(outbox.stats().put()).isEqualTo(kept);
        assertThat(outbox.stats().depth()).isEqualTo(kept);

        outbox.deactivate();
        assertThat(activate(Map.of("outbox_max_megabytes", 1)).stats().depth()).as("after a restart").isEqualTo(kept);
    }

    @Test
    void anOutboxThatCannotOpenRefusesReportsUntilTheDiskIsBack() throws Exception {
        Path blocker = Files.writeString(dir.resolve("data"), "a file where the data directory should be");
        MetaOutbox outbox = activate(Map.of("database_path", blocker.resolve("meta.db").toString()));

        assertThatThrownBy(() -> outbox.put("podstatus/ns/a", report("a1"))).isInstanceOf(OutboxException.class)
                .hasMessageContaining("cannot open the outbox " + blocker.resolve(OutboxDatabase.FILE));
        assertThat(outbox.stats().depth()).as("unknown").isEqualTo(-1);

        Files.delete(blocker);
        outbox.put("podstatus/ns/a", report("a1"));
        assertThat(outbox.stats().depth()).isEqualTo(1);
        assertThat(Files.exists(blocker.resolve(OutboxDatabase.FILE))).isTrue();
    }

    @Test
    void putsOfManyThreadsAreAllOnDiskWhenTheyReturnAndGoOutInEachThreadsOrder() throws Exception {
        MetaOutbox outbox = activate(Map.of());
        int threads = 8;
        int perThread = 50;
        List<Thread> writers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String writer = "w" + t;
            writers.add(started(() -> {
                for (int i = 0; i < perThread; i++) {
                    try {
                        outbox.put(i % 2 == 0 ? null : writer + "/pod" + i, report(writer + " " + i));
                    } catch (OutboxException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join(60_000);
            assertThat(writer.isAlive()).isFalse();
        }
        outbox.deactivate(); // nothing may be lost from here on: the file alone counts

        bus.clear();
        bus.acking = true;
        MetaOutbox restarted = activate(Map.of());
        await().until(() -> restarted.stats().acked() == threads * perThread);
        for (int t = 0; t < threads; t++) {
            String writer = "w" + t;
            assertThat(bus.requests).extracting(m -> m.content().asText()).filteredOn(v -> v.startsWith(writer + " "))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perThread)
                            .mapToObj(i -> writer + " " + i).toList());
        }
    }

    @Test
    void whenConcurrentPutsFillTheOutboxTheDiskHoldsExactlyThePutsThatReturned() throws Exception {
        MetaOutbox outbox = activate(Map.of("outbox_max_megabytes", 1));
        String big = "x".repeat(50_000);
        java.util.concurrent.atomic.AtomicInteger returned = new java.util.concurrent.atomic.AtomicInteger();
        List<OutboxException> refusals = new CopyOnWriteArrayList<>();
        List<Thread> writers = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int writer = t;
            writers.add(started(() -> {
                for (int i = 0; i < 15; i++) {
                    try {
                        outbox.put(null, report(big + writer + "/" + i));
                        returned.incrementAndGet();
                    } catch (OutboxException e) {
                        refusals.add(e);
                    }
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join(60_000);
        }
        assertThat(refusals).as("60 reports of 50 kB do not fit 1 MB").isNotEmpty()
                .allSatisfy(e -> assertThat(e).hasMessageContaining("is full").hasMessageContaining("not kept"));
        assertThat(outbox.stats().put()).isEqualTo(returned.get());

        outbox.deactivate();
        assertThat(activate(Map.of("outbox_max_megabytes", 1)).stats().depth()).as("after a restart")
                .isEqualTo(returned.get());
    }

    @Test
    void stoppingWhilePutsWaitFailsThemCleanlyAndKeepsExactlyThoseThatReturned() throws Exception {
        MetaOutbox outbox = activate(Map.of());
        java.util.concurrent.atomic.AtomicInteger returned = new java.util.concurrent.atomic.AtomicInteger();
        List<OutboxException> failures = new CopyOnWriteArrayList<>();
        List<Thread> writers = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            writers.add(started(() -> {
                for (int i = 0; i < 1_000 && failures.isEmpty(); i++) {
                    try {
                        outbox.put(null, report("r"));
                        returned.incrementAndGet();
                    } catch (OutboxException e) {
                        failures.add(e);
                        return;
                    }
                }
            }));
        }
        await().until(() -> returned.get() >= 20);
        outbox.deactivate();
        for (Thread writer : writers) {
            writer.join(30_000);
            assertThat(writer.isAlive()).as("no put hangs").isFalse();
        }
        assertThat(failures).as("every writer still putting learnt it was not kept").isNotEmpty()
                .allSatisfy(e -> assertThat(e).hasMessageContaining("not kept"));

        MetaOutbox restarted = activate(Map.of());
        assertThat(restarted.stats().depth()).isEqualTo(returned.get());
    }

    @Test
    void anAsynchronousPutCompletesOnceOnDiskAndFailsWithAnOutboxExceptionWhenClosed() throws Exception {
        MetaOutbox outbox = activate(Map.of());
        List<CompletableFuture<Void>> puts = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            puts.add(outbox.putAsync("pod-" + (i % 5), report("v" + i)));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(outbox.stats().depth()).as("the latest of 5 keys").isEqualTo(5);

        outbox.deactivate();
        assertThatThrownBy(() -> outbox.putAsync(null, report("late")).get())
                .isInstanceOf(java.util.concurrent.ExecutionException.class).cause()
                .isInstanceOf(OutboxException.class).hasMessageContaining("closed");
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work, "test-writer");
        thread.start();
        return thread;
    }

    private MetaOutbox activate(Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>(Map.of("database_path", dir.resolve("meta.db").toString()));
        values.putAll(settings);
        MetaOutbox outbox = new MetaOutbox(DatabaseLocationTest.context(null), config(values), bus, new JdkExecutors());
        opened.add(outbox);
        return outbox;
    }

    /** The configuration as SCR would build it: given values, else the declared defaults. */
    private static MetaManagerConfiguration config(Map<String, Object> values) {
        return (MetaManagerConfiguration) Proxy.newProxyInstance(MetaManagerConfiguration.class.getClassLoader(),
                new Class<?>[] {MetaManagerConfiguration.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    private static Message report(String value) {
        return Message.create("test", Groups.RESOURCE, "ns/podstatus/p", Operations.UPDATE, TextNode.valueOf(value));
    }

    /** Records requests; answers them only when {@link #acking}. */
    private static final class RecordingBus implements MessageBus {
        final List<Message> requests = new CopyOnWriteArrayList<>();
        final List<String> groups = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Message>> answers = new CopyOnWriteArrayList<>();
        volatile boolean acking;

        void clear() {
            requests.clear();
            groups.clear();
            answers.clear();
        }

        @Override
        public CompletableFuture<Message> request(String group, Message message, Duration timeout) {
            requests.add(message);
            groups.add(group);
            CompletableFuture<Message> answer = acking
                    ? CompletableFuture.completedFuture(Message.responseTo(message, "cloud", null))
                    : new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }

        @Override
        public void send(String group, Message message) {
            throw new UnsupportedOperationException("the outbox only makes requests");
        }

        @Override
        public boolean respond(Message response) {
            return false;
        }

        @Override
        public List<GroupStats> stats() {
            return List.of();
        }
    }
}
