package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream outbox on a real SQLite file, drained by the pump to a scripted cloud. */
class OutboxPumpTest {
    private static final OutboxPump.Settings FAST = new OutboxPump.Settings(4, Duration.ofSeconds(5),
            Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(50));

    @TempDir
    Path dir;

    /** Every request the pump made, in order, with the future the test completes as the cloud. */
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile Function<Message, CompletableFuture<Message>> cloud = message -> new CompletableFuture<>();
    private OutboxDatabase database;
    private OutboxPump pump;

    private record Sent(Message message, CompletableFuture<Message> answer) {
        String value() {
            return message.content().asText();
        }

        void ack() {
            answer.complete(Message.responseTo(message, "cloud", TextNode.valueOf("OK")));
        }
    }

    @AfterEach
    void close() {
        if (pump != null) {
            pump.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The pump's serial executor, which its close must shut down. */
    private ScheduledExecutorService loop;

    private void open() throws Exception {
        open(FAST);
    }

    private void open(OutboxPump.Settings settings) throws Exception {
        database = OutboxDatabase.open(dir.resolve(OutboxDatabase.FILE), 1_000, 64L * 1024 * 1024);
        pump = new OutboxPump(database, (message, timeout) -> {
            CompletableFuture<Message> answer = cloud.apply(message);
            sent.add(new Sent(message, answer));
            return answer;
        }, settings, loop = Executors.newSingleThreadScheduledExecutor());
    }

    @Test
    void messagesGoOutInOrderAtMostAWindowAtATimeAndLeaveOnlyWhenAcknowledged() throws Exception {
        open();
        for (int i = 0; i < 10; i++) {
            pump.put(null, report("r" + i));
        }
        await().until(() -> sent.size() == 4);
        Thread.sleep(300); // several sweeps
        assertThat(sent).as("the window").hasSize(4);
        assertThat(database.depth()).as("sent is not acknowledged").isEqualTo(10);

        sent.get(1).ack();
        await().until(() -> sent.size() == 5);
        assertThat(sent.get(4).value()).isEqualTo("r4");
        await().until(() -> database.depth() == 9);

        while (database.depth() > 0) {
            sent.stream().filter(s -> !s.answer().isDone()).forEach(Sent::ack);
            Thread.sleep(20);
        }
        assertThat(sent).extracting(Sent::value)
                .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
        assertThat(pump.stats()).isEqualTo(new OutboxStats(0, 10, 0, 10, 10, 0, 0));
    }

    @Test
    void aReplacedValueOnItsWayIsWithdrawnFromTheBus() throws Exception {
        open();
        pump.put("pod-a", report("v1"));
        await().until(() -> sent.size() == 1);

        pump.put("pod-a", report("v2"));
        await().until(() -> sent.size() == 2);
        assertThat(sent.get(0).answer()).as("v1 withdrawn").isCancelled();
        assertThat(sent.get(1).value()).isEqualTo("v2");
        assertThat(sent.get(1).answer()).isNotDone();

        sent.get(1).ack();
        await().until(() -> database.depth() == 0);
        assertThat(pump.stats()).isEqualTo(new OutboxStats(0, 2, 1, 2, 1, 0, 0));
    }

    @Test
    void aValueReplacedBeforeItsTurnIsNeverSentAndAnOldAckDoesNotDeleteTheNewerOne() throws Exception {
        // The cloud's answer to v1 is already on the wire: withdrawing it no longer works.
        cloud = message -> new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return false;
            }
        };
        open();
        pump.put("pod-a", report("v1"));
        await().until(() -> sent.size() == 1);
        pump.put("pod-a", report("v2"));
        pump.put("pod-a", report("v3"));
        Thread.sleep(200);
        assertThat(sent).as("never two values of one key on their way").hasSize(1);

        sent.get(0).ack();
        await().until(() -> sent.size() == 2);
        assertThat(database.depth()).as("v1's ack left v3 in the outbox").isEqualTo(1);
        sent.get(1).ack();
        await().until(() -> database.depth() == 0);
        Thread.sleep(100);
        assertThat(sent).extracting(Sent::value).as("v2 was replaced before its turn").containsExactly("v1", "v3");
        assertThat(pump.stats()).isEqualTo(new OutboxStats(0, 3, 2, 2, 2, 0, 0));
    }

    @Test
    void noAnswerOrARetryableErrorSendsAgainAndAFinalRefusalDrops() throws Exception {
        cloud = message -> switch (message.content().asText()) {
            case "lost" -> once(message) ? CompletableFuture.failedFuture(new TimeoutException("no answer"))
                    : ack(message);
            case "busy" -> once(message)
                    ? CompletableFuture.completedFuture(ErrorReplies.unavailable(message, "cloud", "API down"))
                    : ack(message);
            default -> CompletableFuture.completedFuture(Message.errorTo(message, "cloud", "FORBIDDEN: not yours"));
        };
        open();
        pump.put("a", report("lost"));
        pump.put("b", report("busy"));
        pump.put("c", report("forbidden"));
        await().until(() -> database.depth() == 0);
        assertThat(sent).extracting(Sent::value).containsExactlyInAnyOrder("lost", "lost", "busy", "busy",
                "forbidden");
        assertThat(sent.stream().filter(s -> s.value().equals("forbidden"))).as("a refusal is final").hasSize(1);
        assertThat(pump.stats()).isEqualTo(new OutboxStats(0, 3, 0, 3, 2, 2, 1));
    }

    @Test
    void aReportTheCloudRefusesForGoodIsDroppedWithOneLogLineAndNeverSentAgain() throws Exception {
        // What the cloud answers a pod status whose namespace can never exist.
        cloud = message -> CompletableFuture.completedFuture(Message.errorTo(message, "edgecontroller",
                "BAD_RESOURCE: namespace '..' is not a DNS-1123 label"));
        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            open();
            pump.put("../podstatus/p", Message.create("edged", Groups.RESOURCE, "../podstatus/p", Operations.UPDATE,
                    TextNode.valueOf("Running")));
            await().until(() -> database.depth() == 0);
            Thread.sleep(500); // several resend pauses and sweeps
        } finally {
            System.setErr(stderr);
        }
        assertThat(sent).as("sent once, never again").hasSize(1);
        assertThat(pump.stats().refused()).isEqualTo(1);
        assertThat(log.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("refused")))
                .as("one log line").singleElement().asString().contains("BAD_RESOURCE");
    }

    @Test
    void nothingNewerOvertakesAMessageWaitingToBeSentAgain() throws Exception {
        open(new OutboxPump.Settings(4, FAST.answerTimeout(), Duration.ofMillis(300), FAST.retryMax(), FAST.sweep()));
        pump.put(null, report("first"));
        await().until(() -> sent.size() == 1);
        sent.get(0).answer().complete(ErrorReplies.unavailable(sent.get(0).message(), "cloud", "API down"));
        assertThat(pump.waitingForResend()).isEqualTo(1);

        cloud = OutboxPumpTest::ack;
        pump.put(null, report("second"));
        pump.put(null, report("third"));
        Thread.sleep(150);
        assertThat(sent).as("the window has room, but \"first\" goes before anything newer").hasSize(1);

        await().until(() -> database.depth() == 0);
        assertThat(sent).extracting(Sent::value).containsExactly("first", "first", "second", "third");
    }

    @Test
    void whatWasPutGoesOutAfterARestartAndAReplacedValueDoesNot() throws Exception {
        open();
        pump.put("pod-a", report("a1"));
        pump.put(null, report("event"));
        pump.put("pod-a", report("a2"));
        await().until(() -> sent.size() >= 2);

        pump.close();
        database.close();
        sent.clear();
        cloud = message -> ack(message);
        open();
        await().until(() -> database.depth() == 0);
        assertThat(sent).extracting(Sent::value).containsExactly("event", "a2");
    }

    @Test
    void aPutOnAClosedDatabaseFailsAndCountsNothing() throws Exception {
        open();
        database.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pump.put("pod-a", report("lost")))
                .isInstanceOf(SQLException.class);
        assertThat(pump.stats().put()).isZero();
        assertThat(pump.stats().depth()).as("unknown").isEqualTo(-1);
    }

    @Test
    void closingStopsTheExecutorAndWithdrawsWhatIsOnItsWay() throws Exception {
        open();
        pump.put("pod-a", report("a1"));
        await().until(() -> sent.size() == 1);
        pump.close();
        assertThat(sent.get(0).answer()).isCancelled();
        assertThat(loop.isShutdown()).isTrue();
        await().until(loop::isTerminated);
        assertThat(database.depth()).isEqualTo(1);
        pump = null;
    }

    @Test
    void putsCommittedInGroupsGoOutInPutOrderWhileTheCloudAcknowledges() throws Exception {
        cloud = OutboxPumpTest::ack;
        open();
        List<CompletableFuture<Void>> puts = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            puts.add(pump.putAsync(i % 3 == 0 ? null : "pod-" + i, report("r" + i)));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, java.util.concurrent.TimeUnit.SECONDS);
        await().until(() -> database.depth() == 0);
        assertThat(sent).extracting(Sent::value).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 300).mapToObj(i -> "r" + i).toList());
        assertThat(pump.stats()).isEqualTo(new OutboxStats(0, 300, 0, 300, 300, 0, 0));
    }

    @Test
    void closingFailsThePutsWaitingForTheirCommitAndNoneOfThemIsKept() throws Exception {
        List<Runnable> held = new CopyOnWriteArrayList<>();
        database = OutboxDatabase.open(dir.resolve(OutboxDatabase.FILE), 1_000, 64L * 1024 * 1024);
        pump = new OutboxPump(database, new GroupCommit(database, held::add, 64), (message, timeout) -> {
            CompletableFuture<Message> answer = cloud.apply(message);
            sent.add(new Sent(message, answer));
            return answer;
        }, FAST, loop = Executors.newSingleThreadScheduledExecutor());
        CompletableFuture<Void> waiting = pump.putAsync("pod-a", report("a1"));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                pump.put(null, report("event"));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        await().until(() -> held.size() == 1); // one writer run for the queue, however many wait in it

        pump.close();
        for (CompletableFuture<Void> put : List.of(waiting, blocked)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> put.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .cause().isInstanceOf(io.kedge.api.outbox.OutboxException.class).hasMessageContaining("closed");
        }
        held.forEach(Runnable::run); // the writer run queued before the close finds nothing to write
        assertThat(database.depth()).isZero();
        assertThat(pump.stats().put()).isZero();
        pump = null;
    }

    /** True the first time this value is sent. */
    private boolean once(Message message) {
        return sent.stream().noneMatch(s -> s.value().equals(message.content().asText()));
    }

    private static CompletableFuture<Message> ack(Message message) {
        return CompletableFuture.completedFuture(Message.responseTo(message, "cloud", null));
    }

    private static Message report(String value) {
        return Message.create("test", Groups.RESOURCE, "ns/podstatus/p", Operations.UPDATE, TextNode.valueOf(value));
    }
}
