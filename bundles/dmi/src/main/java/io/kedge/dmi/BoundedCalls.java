package io.kedge.dmi;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls into mapper code on the node's blocking pool and hands the outcome to DMI's serial
 * loop, bounded by a timeout: the loop never waits for a mapper. A call that never returns keeps
 * one pool thread; the caller makes sure there is at most one such call per device.
 */
final class BoundedCalls {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedCalls.class);

    /** Mapper code: may block, may throw. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    private final Executor blocking;
    private final ScheduledExecutorService loop;
    private final Duration timeout;

    BoundedCalls(Executor blocking, ScheduledExecutorService loop, Duration timeout) {
        this.blocking = blocking;
        this.loop = loop;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Must be called on the loop. {@code handler} runs on the loop: with the result, or with
     * {@link CallResult#timeout()} and later with the late result.
     */
    <T> void call(Call<T> call, Consumer<CallResult<T>> handler) {
        boolean[] settled = {false}; // touched on the loop only
        ScheduledFuture<?> timer = loop.schedule(() -> {
            if (!settled[0]) {
                settled[0] = true;
                handler.accept(CallResult.timeout());
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            blocking.execute(() -> {
                CallResult<T> result;
                try {
                    result = CallResult.of(call.run());
                } catch (Throwable e) {
                    result = CallResult.failed(e);
                }
                deliver(result, timer, settled, handler);
            });
        } catch (RejectedExecutionException e) {
            timer.cancel(false);
            settled[0] = true;
            handler.accept(CallResult.failed(e));
        }
    }

    private <T> void deliver(CallResult<T> result, ScheduledFuture<?> timer, boolean[] settled, Consumer<CallResult<T>> handler) {
        try {
            loop.execute(() -> {
                timer.cancel(false);
                boolean timely = !settled[0];
                settled[0] = true;
                handler.accept(timely ? result : result.asLate());
            });
        } catch (RejectedExecutionException e) {
            // DMI stopped while the call ran: nobody takes what it opened
            if (result.value() instanceof AutoCloseable opened) {
                closeQuietly(opened);
            }
        }
    }

    /** Closes mapper resources on the blocking pool (a close may block too). */
    void close(AutoCloseable resource, Runnable then) {
        try {
            blocking.execute(() -> {
                closeQuietly(resource);
                then.run();
            });
        } catch (RejectedExecutionException e) {
            closeQuietly(resource);
            then.run();
        }
    }

    static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception | LinkageError e) {
            LOG.warn("Closing a mapper resource failed: {}", e.toString());
        }
    }
}
