package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.api.outbox.OutboxStats;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.nio.file.Files;
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
            Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50));

    @TempDir
    Path dir;

    /** Every request the pump made, with the future the test completes as the cloud. */
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

    private void open() throws SQLException {
        database = OutboxDatabase.open(dir.resolve(OutboxDatabase.FILE), 1000);
        pump = new OutboxPump(database, (message, timeout) -> {
            CompletableFuture<Message> answer = cloud.apply(message);
            sent.add(new Sent(message, answer));
            return answer;
        }, FAST);
    }

    @Test
    void messagesGoOutInOrderAndLeaveOnlyWhenAcknowledged() throws Exception {
        open();
        for (int i = 0; i < 10; i++) {
            pump.put(null, report("r" + i));
        }
        await().until(() -> sent.size() == 4);
        Thread.sleep(200);
        assertThat(sent).as("the window").hasSize(4);
        assertThat(database.depth()).isEqualTo(10);
        while (sent.stream().anyMatch(s -> !s.answer().isDone()) || sent.size() < 10) {
            sent.stream().filter(s -> !s.answer().isDone()).forEach(Sent::ack);
            Thread.sleep(20);
        }
        await().until(() -> database.depth() == 0);
        assertThat(sent).extracting(Sent::value).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
                "r8", "r9");
        OutboxStats stats = pump.stats();
        assertThat(stats).isEqualTo(new OutboxStats(0, 10, 0, 10, 10, 0, 0));
    }

    @Test
    void aNewerValueReplacesAPendingOneWhichIsNeverSentAndAnOldAckDeletesNothingNewer() throws Exception {
        open();
        pump.put("pod-a", report("v1"));
        await().until(() -> sent.size() == 1);
        pump.put("pod-a", report("v2"));
        Thread.sleep(200);
        assertThat(sent).as("never two of one key in flight").hasSize(1);
        sent.get(0).ack();
        await().until(() -> sent.size() == 2);
        assertThat(database.depth()).as("v1's ack left v2 waiting").isEqualTo(1);
        pump.put("pod-a", report("v3"));
        pump.put("pod-a", report("v4"));
        sent.get(1).ack();
        await().until(() -> sent.size() == 3);
        sent.get(2).ack();
        await().until(() -> database.depth() == 0);
        assertThat(sent).extracting(Sent::value).containsExactly("v1", "v2", "v4");
        assertThat(pump.stats().coalesced()).as("v1 and v2 unacknowledged, v3 never sent").isEqualTo(3);
    }

    @Test
    void noAnswerOrARetryableErrorSendsAgainAndAFinalRefusalDrops() throws Exception {
        cloud = message -> switch (message.content().asText()) {
            case "lost" -> sent.stream().anyMatch(s -> s.value().equals("lost"))
                    ? CompletableFuture.completedFuture(Message.responseTo(message, "cloud", null))
                    : CompletableFuture.failedFuture(new TimeoutException("no answer"));
            case "busy" -> sent.stream().anyMatch(s -> s.value().equals("busy"))
                    ? CompletableFuture.completedFuture(Message.responseTo(message, "cloud", null))
                    : CompletableFuture.completedFuture(ErrorReplies.unavailable(message, "cloud", "API down"));
            default -> CompletableFuture.completedFuture(Message.errorTo(message, "cloud", "FORBIDDEN: not yours"));
        };
        open();
        pump.put("a", report("lost"));
        pump.put("b", report("busy"));
        pump.put("c", report("forbidden"));
        await().until(() -> database.depth() == 0);
        assertThat(sent).extracting(Sent::value).containsExactlyInAnyOrder("lost", "lost", "busy", "busy", "forbidden");
        OutboxStats stats = pump.stats();
        assertThat(stats.resent()).isEqualTo(2);
        assertThat(stats.acked()).isEqualTo(2);
        assertThat(stats.refused()).isEqualTo(1);
    }

    @Test
    void whatWasPutSurvivesAClosedOrCrashedNodeAndGoesOutAfterTheRestart() throws Exception {
        open();
        pump.put("pod-a", report("a1"));
        pump.put(null, report("event"));
        // A second connection sees the entries: they were committed before put returned.
        try (OutboxDatabase other = OutboxDatabase.open(dir.resolve(OutboxDatabase.FILE), 1000)) {
            assertThat(other.after(0, 10)).extracting(OutboxDatabase.Entry::key).containsExactly("pod-a", null);
        }
        pump.close();
        database.close();
        sent.clear();

        cloud = message -> CompletableFuture.completedFuture(Message.responseTo(message, "cloud", null));
        open();
        await().until(() -> database.depth() == 0);
        assertThat(sent).extracting(Sent::value).containsExactly("a1", "event");
    }

    @Test
    void aFailingDiskRefusesThePutInsteadOfPretending() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> OutboxDatabase.open(notADirectory.resolve(OutboxDatabase.FILE), 1000))
                .isInstanceOf(SQLException.class);

        open();
        database.close();
        assertThatThrownBy(() -> pump.put("pod-a", report("lost"))).isInstanceOf(SQLException.class);
        assertThat(pump.stats().put()).isZero();
    }

    private static Message report(String value) {
        return Message.create("test", Groups.RESOURCE, "ns/podstatus/p", Operations.UPDATE, TextNode.valueOf(value));
    }
}
