package io.kedge.bus.exec;

import io.kedge.api.exec.NodeExecutors;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One module's view of the shared threads: everything it creates is remembered, and closing the
 * view ends all of it and nothing else.
 */
public final class ModuleExecutors implements NodeExecutors, AutoCloseable {
    private final String module;
    private final SharedThreads threads;
    private final List<ModuleExecutor> executors = new CopyOnWriteArrayList<>();
    private final ModuleExecutor blocking;
    private volatile boolean closed;

    public ModuleExecutors(String module, SharedThreads threads) {
        this.module = module;
        this.threads = threads;
        this.blocking = new ModuleExecutor(module + "/io", threads.timer(), threads.blocking());
        executors.add(blocking);
    }

    @Override
    public ScheduledExecutorService newSerialExecutor(String name) {
        String owner = module + "/" + name;
        ModuleExecutor executor = new ModuleExecutor(owner, threads.timer(), new SerialQueue(owner, threads.workers()));
        executors.add(executor);
        if (closed) { // lost a race with close(): never leave a live executor behind
            executor.shutdownNow();
        }
        executors.removeIf(ModuleExecutor::isTerminated);
        return executor;
    }

    @Override
    public ExecutorService blocking() {
        return blocking;
    }

    @Override
    public void close() {
        closed = true;
        executors.forEach(ModuleExecutor::shutdownNow);
    }
}
