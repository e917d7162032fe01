package io.kedge.edged.pod;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs work per key on a shared executor, never two at once for the same key: a request while the
 * key's work runs makes it run once more afterwards (requests coalesce, the work reads the latest state).
 */
final class KeyedRunner {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int AGAIN = 2;

    private final Executor executor;
    private final Consumer<String> work;
    private final Map<String, Integer> states = new ConcurrentHashMap<>();

    KeyedRunner(Executor executor, Consumer<String> work) {
        this.executor = executor;
        this.work = work;
    }

    void request(String key) {
        Integer previous = states.merge(key, RUNNING, (old, v) -> AGAIN);
        if (previous == RUNNING) {
            try {
                executor.execute(() -> run(key));
            } catch (RejectedExecutionException e) {
                states.remove(key); // shutting down
            }
        }
    }

    private void run(String key) {
        while (true) {
            try {
                work.accept(key);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(KeyedRunner.class).warn("Work for {} failed", key, e);
            }
            // done unless asked again meanwhile; AGAIN becomes RUNNING and we loop
            Integer next = states.compute(key, (k, state) -> state == AGAIN ? RUNNING : null);
            if (next == null) {
                return;
            }
        }
    }

    boolean busy(String key) {
        return states.getOrDefault(key, IDLE) != IDLE;
    }
}
