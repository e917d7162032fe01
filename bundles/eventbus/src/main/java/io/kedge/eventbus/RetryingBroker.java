package io.kedge.eventbus;

import io.kedge.api.metrics.MetricsWriter;
import io.kedge.api.mqtt.MqttPublisher;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker on a port that someone else may hold (another broker on 1883, or our own
 * previous instance still letting go): instead of failing, it tries again on {@code timer}, waiting
 * twice as long after each failure up to a bound, and tells {@code usable} once it listens. While
 * it waits, publishing fails with an {@link IOException} that says why, and the reason is logged
 * once each time it changes.
 */
final class RetryingBroker implements BrokerLink {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingBroker.class);

    /** One try at starting the broker. */
    interface Start {
        EmbeddedBroker start() throws IOException;
    }

    private final Start start;
    private final ScheduledExecutorService timer;
    private final long minDelayMillis;
    private final long maxDelayMillis;
    private final Consumer<String> warn;
    private final AtomicLong failures = new AtomicLong();
    private final Object attempt = new Object();
    private Consumer<Map<String, Object>> usable;
    private ScheduledFuture<?> next;
    private long delayMillis;
    private volatile EmbeddedBroker broker;
    private volatile String waitingFor;
    private volatile boolean stopped;

    /**
     * @param warn where the reason for not listening goes, once per change ({@code LOG::warn} in the node)
     */
    RetryingBroker(Start start, ScheduledExecutorService timer, long minDelayMillis, long maxDelayMillis,
            Consumer<String> warn) {
        this.start = start;
        this.timer = timer;
        this.minDelayMillis = minDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.delayMillis = minDelayMillis;
        this.warn = warn;
    }

    RetryingBroker(Start start, ScheduledExecutorService timer) {
        this(start, timer, 1_000, 30_000, LOG::warn);
    }

    /**
     * Tries at once, on the caller's thread. A busy port is retried in the background; any other
     * failure (a bad keystore, an unwritable store) is the caller's to report, as nothing would change
     * it by waiting.
     */
    @Override
    public void start(Consumer<Map<String, Object>> usable) throws IOException {
        synchronized (attempt) {
            this.usable = usable;
            try {
                bind();
            } catch (PortInUseException e) {
                retryLater(e.getMessage());
            }
        }
    }

    /** On the timer thread. */
    private void retry() {
        synchronized (attempt) {
            if (stopped || broker != null) {
                return;
            }
            try {
                bind();
            } catch (PortInUseException e) {
                retryLater(e.getMessage());
            } catch (IOException | RuntimeException e) {
                // it started once with this configuration: e.g. the disk is full for a moment
                retryLater("MQTT broker did not start (" + e.getMessage() + ")");
            }
        }
    }

    private void bind() throws IOException {
        EmbeddedBroker started = start.start();
        broker = started;
        if (waitingFor != null) {
            LOG.info("MQTT broker listens now ({}) after {} failed tries", started.serviceProperties(), failures.get());
        }
        waitingFor = null;
        delayMillis = minDelayMillis;
        usable.accept(started.serviceProperties());
    }

    private void retryLater(String reason) {
        failures.incrementAndGet();
        if (!reason.equals(waitingFor)) {
            warn.accept(reason + "; retrying until it is free (every " + minDelayMillis / 1000.0 + " s to "
                    + maxDelayMillis / 1000.0 + " s)");
        }
        waitingFor = reason;
        next = timer.schedule(this::retry, delayMillis, TimeUnit.MILLISECONDS);
        delayMillis = Math.min(maxDelayMillis, delayMillis * 2);
    }

    /** Whether clients can connect now. */
    boolean listening() {
        return broker != null;
    }

    /** Why the broker does not listen, null when it does (or was stopped before it could). */
    String waitingFor() {
        return waitingFor;
    }

    /** Failed tries to bind since the start. */
    long failures() {
        return failures.get();
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        EmbeddedBroker current = broker;
        if (current == null) {
            String reason = waitingFor;
            return CompletableFuture.failedFuture(new IOException("the MQTT broker is not listening"
                    + (reason == null ? "" : ": " + reason)));
        }
        return current.publish(topic, payload, qos, retain);
    }

    @Override
    public void subscribe(Set<String> filters) {
        // the broker's interceptor sees every message; listeners are matched on our side
    }

    @Override
    public Map<String, Object> serviceProperties() {
        EmbeddedBroker current = broker;
        return current == null ? Map.of(MqttPublisher.MODE, "embedded") : current.serviceProperties();
    }

    @Override
    public void writeTo(MetricsWriter out) {
        out.gauge("kedge_mqtt_listening", "1 while the embedded broker listens, 0 while it waits for its port", listening() ? 1 : 0);
        out.counter("kedge_mqtt_bind_failures_total", "Failed tries of the embedded broker to bind its ports", failures());
    }

    /** Stops the tries: returns once none runs, and none comes after. */
    @Override
    public void stopStarting() {
        stopped = true;
        synchronized (attempt) {
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    @Override
    public void close() {
        stopStarting();
        EmbeddedBroker current = broker;
        if (current != null) {
            current.close();
        }
    }
}
