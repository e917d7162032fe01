package io.kedge.metamanager;

import io.kedge.api.exec.NodeExecutors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** NodeExecutors for tests outside OSGi: a JDK single-thread executor per serial executor. */
final class JdkExecutors implements NodeExecutors {
    private final ExecutorService blocking = Executors.newCachedThreadPool();

    @Override
    public ScheduledExecutorService newSerialExecutor(String name) {
        return Executors.newSingleThreadScheduledExecutor();
    }

    @Override
    public ExecutorService blocking() {
        return blocking;
    }
}
