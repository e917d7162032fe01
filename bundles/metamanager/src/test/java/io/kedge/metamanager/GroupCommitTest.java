package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.api.outbox.OutboxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on a real SQLite file. The writer is held back by the test, so the puts made
 * meanwhile are known to form one group, as they do when they arrive during a sync.
 */
class GroupCommitTest {
    @TempDir
    Path dir;

    private final HeldWriter writer = new HeldWriter();
    private OutboxDatabase database;
    private GroupCommit commits;

    @BeforeEach
    void open() throws Exception {
        database = OutboxDatabase.open(dir.resolve(OutboxDatabase.FILE), 1_000, 64L * 1024 * 1024);
        commits = new GroupCommit(database, writer, GroupCommit.DEFAULT_MAX_GROUP);
    }

    @AfterEach
    void close() {
        commits.close();
        database.close();
    }

    @Test
    void putsWaitingTogetherAreCommittedTogetherAndAKeyKeepsOnlyItsLatestValueInPutOrder() throws Exception {
        List<CompletableFuture<OutboxDatabase.Stored>> puts = List.of(
                commits.submit("pod-a", "a1"), commits.submit(null, "event"), commits.submit("pod-b", "b1"),
                commits.submit("pod-a", "a2"), commits.submit("pod-a", "a3"));
        assertThat(puts).as("not on disk before the writer ran").noneMatch(CompletableFuture::isDone);
        assertThat(database.depth()).isZero();
        assertThat(writer.queued()).as("one writer run for the lot").isEqualTo(1);

        writer.runAll();
        assertThat(puts).allMatch(put -> put.isDone() && !put.isCompletedExceptionally());
        assertThat(puts).extracting(put -> put.join().coalesced()).containsExactly(false, false, false, true, true);
        assertThat(reopened()).containsExactly("event", "b1", "a3");
    }

    @Test
    void aGroupWhoseWriteFailsFailsEveryPutOfItAndKeepsNone() throws Exception {
        commits.submit("pod-a", "a1");
        writer.runAll();
        try (Connection other = StoreFailureTest.connect(dir.resolve(OutboxDatabase.FILE));
                Statement statement = other.createStatement()) {
            statement.executeUpdate("CREATE TRIGGER failing BEFORE INSERT ON outbox "
                    + "WHEN NEW.message = 'poison' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
        }

        List<CompletableFuture<OutboxDatabase.Stored>> group = List.of(commits.submit("pod-a", "a2"),
                commits.submit(null, "event"), commits.submit(null, "poison"), commits.submit("pod-b", "b1"));
        writer.runAll();
        for (CompletableFuture<OutboxDatabase.Stored> put : group) {
            assertThatThrownBy(put::join).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOf(SQLException.class).hasMessageContaining("disk I/O error");
        }
        assertThat(reopened()).as("a1 is still the pending value of pod-a").containsExactly("a1");

        CompletableFuture<OutboxDatabase.Stored> next = commits.submit(null, "after");
        writer.runAll();
        assertThat(next).as("the next group is written").isCompleted();
        assertThat(reopened()).containsExactly("a1", "after");
    }

    @Test
    void aGroupLargerThanTheLimitIsWrittenInSeveralCommitsInOrder() throws Exception {
        commits = new GroupCommit(database, writer, 2);
        List<CompletableFuture<OutboxDatabase.Stored>> puts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            puts.add(commits.submit(null, "r" + i));
        }
        writer.runOne();
        assertThat(puts).extracting(CompletableFuture::isDone).containsExactly(true, true, false, false, false);
        writer.runAll();
        assertThat(puts).allMatch(put -> put.isDone() && !put.isCompletedExceptionally());
        assertThat(reopened()).containsExactly("r0", "r1", "r2", "r3", "r4");
    }

    @Test
    void closingFailsThePutsStillWaitingAndLaterOnesAtOnceAndKeepsNoneOfThem() throws Exception {
        CompletableFuture<OutboxDatabase.Stored> waiting = commits.submit("pod-a", "a1");
        commits.close();
        CompletableFuture<OutboxDatabase.Stored> late = commits.submit(null, "late");

        for (CompletableFuture<OutboxDatabase.Stored> put : List.of(waiting, late)) {
            assertThatThrownBy(put::join).cause().isInstanceOf(OutboxException.class).hasMessageContaining("closed")
                    .hasMessageContaining("not kept");
        }
        writer.runAll(); // the writer run queued before the close finds nothing
        assertThat(reopened()).isEmpty();
    }

    @Test
    void aWriterThatRefusesWorkFailsThePutInsteadOfLeavingItWaiting() {
        GroupCommit refused = new GroupCommit(database, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }, 8);
        assertThatThrownBy(refused.submit(null, "r")::join).cause().isInstanceOf(OutboxException.class);
    }

    private List<String> reopened() throws Exception {
        try (OutboxDatabase again = OutboxDatabase.open(dir.resolve(OutboxDatabase.FILE), 1_000, 64L * 1024 * 1024)) {
            return again.oldest(1_000).stream().map(OutboxDatabase.Entry::message).toList();
        }
    }

    /** Runs the writer's tasks only when the test says so, on the test's thread. */
    private static final class HeldWriter implements Executor {
        private final List<Runnable> tasks = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized int queued() {
            return tasks.size();
        }

        void runOne() {
            Runnable task;
            synchronized (this) {
                task = tasks.remove(0);
            }
            task.run();
        }

        void runAll() {
            while (queued() > 0) {
                runOne();
            }
        }
    }
}
