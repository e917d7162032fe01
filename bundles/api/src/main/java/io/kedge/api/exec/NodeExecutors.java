package io.kedge.api.exec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's shared threads, lent to one module. The service is prototype-scoped: take it with
 * {@code @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED)} so each component gets its own
 * view; when the component deactivates, DS releases the view and every task it submitted is
 * cancelled, while other modules' tasks go on. Threads are daemon threads named
 * {@code kedge-<pool>-N}; a task that throws is logged and never kills a shared thread.
 *
 * <p>Nothing here may block forever (an accept loop, a blocking read loop): such work keeps a
 * dedicated thread of its own.
 */
@ProviderType
public interface NodeExecutors {
    /**
     * An executor that runs its tasks one at a time, in the order they became due, like
     * {@code Executors.newSingleThreadScheduledExecutor()}, but on the shared worker threads:
     * timers wait on the node's timer thread and hand the task over when due. Each run happens
     * after the previous one (memory effects included), so a module keeps its single-thread
     * reasoning. {@code shutdown()} lets queued tasks finish and stops periodic ones;
     * {@code shutdownNow()} cancels all of them; both touch this executor only.
     *
     * @param name what the tasks are for, shown in logs (e.g. {@code "edged-status"})
     */
    ScheduledExecutorService newSerialExecutor(String name);

    /**
     * The node's bounded pool for blocking work (file and network I/O), shared by all modules:
     * tasks run concurrently up to the pool's bound and queue beyond it. {@code shutdownNow()}
     * cancels this module's tasks only.
     */
    ExecutorService blocking();
}
