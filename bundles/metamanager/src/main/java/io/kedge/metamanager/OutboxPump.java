package io.kedge.metamanager;

import io.kedge.api.outbox.OutboxStats;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what waits in the {@link OutboxDatabase} to the cloud, oldest first, with at most
 * {@code window} messages unanswered and never two of the same key at once (so a newer value cannot
 * overtake an older one). An entry leaves the database only on the cloud's response; no answer or a
 * retryable error sends it again after a doubling pause; a final refusal drops it with a warning.
 * All state lives on one thread.
 */
final class OutboxPump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxPump.class);

    /** Hands a message to the cloud and completes with its answer (the bus's request to the hub). */
    @FunctionalInterface
    interface Requester {
        CompletableFuture<Message> request(Message message, Duration timeout);
    }

    record Settings(int window, Duration answerTimeout, Duration retryMin, Duration retryMax, Duration sweep) {
        static Settings defaults() {
            return new Settings(64, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30),
                    Duration.ofSeconds(1));
        }
    }

    private record Retry(int attempt, long dueNanos) {
    }

    private final OutboxDatabase database;
    private final Requester requester;
    private final Settings settings;
    private final MessageCodec codec = new MessageCodec();
    private final ScheduledExecutorService loop;
    private final Map<Long, Integer> inFlight = new HashMap<>();
    private final Set<String> keysInFlight = new HashSet<>();
    private final Map<Long, Retry> waiting = new HashMap<>();
    private final AtomicLong put = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    OutboxPump(OutboxDatabase database, Requester requester, Settings settings) {
        this.database = database;
        this.requester = requester;
        this.settings = settings;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kedge-outbox");
            thread.setDaemon(true);
            return thread;
        });
        long sweep = settings.sweep().toMillis();
        loop.scheduleWithFixedDelay(this::pump, 0, sweep, TimeUnit.MILLISECONDS);
    }

    /** Makes the message durable, then wakes the pump. */
    void put(String key, Message message) throws SQLException, ProtocolException {
        OutboxDatabase.Stored stored = database.put(key, codec.encode(message));
        put.incrementAndGet();
        if (stored.coalesced()) {
            coalesced.incrementAndGet();
        }
        wake();
    }

    OutboxStats stats() {
        long depth;
        try {
            depth = database.depth();
        } catch (SQLException e) {
            depth = -1;
        }
        return new OutboxStats(depth, put.get(), coalesced.get(), sent.get(), acked.get(), resent.get(),
                refused.get());
    }

    private void wake() {
        try {
            loop.execute(this::pump);
        } catch (RejectedExecutionException closing) {
            // the next start resumes from the database
        }
    }

    private void pump() {
        if (inFlight.size() >= settings.window()) {
            return;
        }
        int limit = settings.window() + inFlight.size() + waiting.size();
        List<OutboxDatabase.Entry> entries;
        try {
            entries = database.after(0, limit);
        } catch (SQLException e) {
            LOG.warn("Cannot read the outbox: {}", e.getMessage());
            return;
        }
        if (entries.size() < limit) {
            // Everything pending was read: forget retry plans of entries replaced meanwhile.
            Set<Long> present = new HashSet<>();
            entries.forEach(entry -> present.add(entry.seq()));
            waiting.keySet().retainAll(present);
        }
        long now = System.nanoTime();
        for (OutboxDatabase.Entry entry : entries) {
            if (inFlight.size() >= settings.window()) {
                break;
            }
            if (inFlight.containsKey(entry.seq()) || (entry.key() != null && keysInFlight.contains(entry.key()))) {
                continue;
            }
            Retry retry = waiting.get(entry.seq());
            if (retry != null && now - retry.dueNanos() < 0) {
                continue;
            }
            send(entry, retry == null ? 0 : retry.attempt());
        }
    }

    private void send(OutboxDatabase.Entry entry, int attempt) {
        Message message;
        try {
            message = codec.decode(entry.message());
        } catch (ProtocolException e) {
            LOG.error("Dropping an unreadable outbox entry {}: {}", entry.seq(), e.getMessage());
            forget(entry.seq());
            refused.incrementAndGet();
            return;
        }
        waiting.remove(entry.seq());
        inFlight.put(entry.seq(), attempt);
        if (entry.key() != null) {
            keysInFlight.add(entry.key());
        }
        (attempt == 0 ? sent : resent).incrementAndGet();
        CompletableFuture<Message> answer;
        try {
            answer = requester.request(message, settings.answerTimeout());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((reply, error) -> {
            try {
                loop.execute(() -> answered(entry, attempt, reply, error));
            } catch (RejectedExecutionException closing) {
                // stopped: the entry stays in the database and goes out after the next start
            }
        });
    }

    private void answered(OutboxDatabase.Entry entry, int attempt, Message reply, Throwable error) {
        inFlight.remove(entry.seq());
        if (entry.key() != null) {
            keysInFlight.remove(entry.key());
        }
        if (error == null && Operations.RESPONSE.equals(reply.operation())) {
            acked.incrementAndGet();
            forget(entry.seq());
        } else if (error == null && !ErrorReplies.isRetryable(reply)) {
            refused.incrementAndGet();
            LOG.warn("The cloud refused {} for good; dropped from the outbox: {}", entry.key() == null
                    ? "outbox entry " + entry.seq() : entry.key(), reply.content().asText());
            forget(entry.seq());
        } else {
            Duration pause = pause(attempt);
            LOG.debug("Outbox entry {} not acknowledged ({}); again in {} ms", entry.seq(),
                    error != null ? error.toString() : reply.content().asText(), pause.toMillis());
            waiting.put(entry.seq(), new Retry(attempt + 1, System.nanoTime() + pause.toNanos()));
        }
        pump();
    }

    private void forget(long seq) {
        try {
            database.delete(seq);
        } catch (SQLException e) {
            // Still on disk: sent again after a restart, which the cloud takes as a repeat.
            LOG.warn("Cannot delete acknowledged outbox entry {}: {}", seq, e.getMessage());
        }
    }

    private Duration pause(int attempt) {
        Duration pause = settings.retryMin().multipliedBy(1L << Math.min(attempt, 16));
        return pause.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : pause;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
