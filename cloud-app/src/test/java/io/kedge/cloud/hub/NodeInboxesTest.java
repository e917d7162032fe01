package io.kedge.cloud.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeInboxesTest {
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final NodeInboxes inboxes = new NodeInboxes(workers);
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blockedStarted = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        workers.shutdownNow();
    }

    @Test
    void framesQueuedByAReplacedSessionRunBeforeTheNextSessionsFrames() {
        SerialExecutor oldSession = inboxes.acquire("edge-1");
        oldSession.execute(blocked("old report"));
        oldSession.execute(record("old status"));

        SerialExecutor newSession = inboxes.acquire("edge-1");
        inboxes.release("edge-1");
        newSession.execute(record("resent report"));
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> applied.size() == 3);
        assertThat(newSession).isSameAs(oldSession);
        assertThat(applied).containsExactly("old report", "old status", "resent report");
    }

    @Test
    void otherNodesAreNotHeldUpByOneNodesQueue() {
        inboxes.acquire("slow").execute(blocked("slow report"));

        inboxes.acquire("fast").execute(record("fast report"));

        await().atMost(Duration.ofSeconds(5)).until(() -> applied.contains("fast report"));
        assertThat(applied).doesNotContain("slow report");
    }

    @Test
    void thePeakBacklogIsTheLargestOneNodeHeldNotTheSumOverNodes() throws Exception {
        SerialExecutor busy = inboxes.acquire("busy");
        inboxes.accept(busy, blocked("first"), 300);
        inboxes.accept(busy, record("second"), 200);
        inboxes.accept(inboxes.acquire("other"), record("other"), 400);
        assertThat(blockedStarted.await(5, TimeUnit.SECONDS)).isTrue();

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> applied.size() == 3);
        assertThat(inboxes.peakUnappliedBytes()).isEqualTo(500);
        assertThat(busy.pendingBytes()).isZero();
    }

    @Test
    void theFloodGuardCountsTheNodesBacklogAcrossSessions() throws Exception {
        SerialExecutor oldSession = inboxes.acquire("edge-2");
        oldSession.execute(blocked("first"));
        oldSession.execute(record("second"));
        assertThat(blockedStarted.await(5, TimeUnit.SECONDS)).isTrue();
        inboxes.release("edge-2");

        SerialExecutor newSession = inboxes.acquire("edge-2");

        assertThat(newSession.backlog()).isEqualTo(2);
    }

    @Test
    void anInboxIsForgottenOnlyOnceNoSessionHoldsItAndItRanEmpty() throws Exception {
        SerialExecutor first = inboxes.acquire("edge-3");
        first.execute(blocked("last words"));
        inboxes.release("edge-3");
        assertThat(inboxes.size()).as("still applying the closed session's frames").isEqualTo(1);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> inboxes.size() == 0);

        SerialExecutor idleHeld = inboxes.acquire("edge-3");
        assertThat(idleHeld).isNotSameAs(first);
        idleHeld.execute(record("ping"));
        await().atMost(Duration.ofSeconds(5)).until(() -> applied.contains("ping"));
        assertThat(inboxes.size()).as("held by an open session").isEqualTo(1);
        inboxes.release("edge-3");
        assertThat(inboxes.size()).isZero();
    }

    private Runnable record(String what) {
        return () -> applied.add(what);
    }

    private Runnable blocked(String what) {
        return () -> {
            blockedStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            applied.add(what);
        };
    }
}
