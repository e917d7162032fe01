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

class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void anErrorInATaskEndsThatTaskOnlyAndIsReportedWithTheNode() {
        ProcessErrors errors = new ProcessErrors();
        NodeInboxes inboxes = new NodeInboxes(pool, (node, error) -> {
            failures.add(node + ": " + error.getClass().getSimpleName());
            errors.record(error, "handling a message of " + node);
        });
        SerialExecutor inbox = inboxes.acquire("edge-e");

        inbox.execute(() -> ran.add("before"));
        inbox.execute(SerialExecutorTest::recurseForever);
        inbox.execute(() -> {
            throw new OutOfMemoryError("Java heap space");
        });
        inbox.execute(() -> ran.add("after"));

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("before", "after");
        assertThat(failures).containsExactly("edge-e: StackOverflowError", "edge-e: OutOfMemoryError");
        assertThat(errors.first()).hasValueSatisfying(first -> assertThat(first).contains("StackOverflowError"));
        inbox.execute(() -> ran.add("still serving"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains("still serving"));
    }

    @Test
    void theNextTaskRunsEvenWhenTheErrorListenerFailsToo() {
        SerialExecutor inbox = new SerialExecutor(pool, () -> { }, error -> {
            throw new OutOfMemoryError("still out of memory");
        });
        inbox.execute(() -> {
            throw new StackOverflowError();
        });
        inbox.execute(() -> ran.add("after"));

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains("after"));
    }

    @Test
    void pendingBytesCountUntilTheTaskRan() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SerialExecutor inbox = new SerialExecutor(pool);
        inbox.execute(() -> awaitQuietly(release), 1000);
        inbox.execute(() -> ran.add("second"), 500);

        assertThat(inbox.pendingBytes()).isEqualTo(1500);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.pendingBytes() == 0);
        assertThat(ran).containsExactly("second");
    }

    private static void recurseForever() {
        recurseForever();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
