package io.kedge.dmi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** DMI's loop and blocking pool for tests outside OSGi, shut down after each test. */
final class JdkExecutors implements AutoCloseable {
    final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService blocking = Executors.newCachedThreadPool();
    private final List<ExecutorService> all = new ArrayList<>(List.of(loop, blocking));

    @Override
    public void close() {
        all.forEach(ExecutorService::shutdownNow);
    }
}
