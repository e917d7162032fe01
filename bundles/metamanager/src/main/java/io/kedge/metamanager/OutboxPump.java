package io.kedge.metamanager;

import io.kedge.api.outbox.OutboxException;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what waits in the {@link OutboxDatabase} to the cloud, oldest first, with at most
 * {@code window} messages unanswered and never two of one key at once. An entry leaves the database
 * only on the cloud's response; no answer or a retryable error sends it again after a doubling
 * pause, and nothing newer overtakes it meanwhile; a final refusal drops it with a warning. A put
 * that replaces an entry on its way withdraws that one from the bus, so a replaced value is not sent
 * once it was replaced. All sending state lives on one thread.
 */
final class OutboxPump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxPump.class);

    /** Hands a message to the cloud and completes with its answer (the bus's request to the hub). */
    @FunctionalInterface
    interface Requester {
        CompletableFuture<Message> request(Message message, Duration timeout);
    }

    /**
     * @param window        messages sent and not yet answered, at most
     * @param answerTimeout how long the cloud may take to answer before the message goes again
     * @param retryMin      first pause before a resend; it doubles per attempt up to {@code retryMax}
     * @param sweep         how often the database is looked at without a reason (a failed read, say)
     */
    record Settings(int window, Duration answerTimeout, Duration retryMin, Duration retryMax, Duration sweep) {
        static Settings defaults(Duration answerTimeout) {
            return new Settings(64, answerTimeout, Duration.ofSeconds(1), Duration.ofSeconds(30),
                    Duration.ofSeconds(5));
        }
    }

    private record InFlight(OutboxDatabase.Entry entry, int attempt, CompletableFuture<Message> answer) {
    }

    private record Retry(int attempt, long dueNanos) {
        boolean isDue(long now) {
            return now - dueNanos >= 0;
        }
    }

    private final OutboxDatabase database;
    private final GroupCommit commits;
    private final Requester requester;
    private final Settings settings;
    private final MessageCodec codec = new MessageCodec();
    private final ScheduledExecutorService loop;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    // loop thread only
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private final Map<String, InFlight> inFlightByKey = new HashMap<>();
    private final Map<Long, Retry> retries = new HashMap<>();
    private boolean stopping;
    // counters, read by any thread
    private final AtomicLong put = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * Starts sending at once: whatever the database holds from before goes out first. Puts are
     * committed in groups on the loop itself.
     *
     * @param loop a serial executor of our own (one task at a time, in order); {@link #close()} shuts it down
     */
    OutboxPump(OutboxDatabase database, Requester requester, Settings settings, ScheduledExecutorService loop) {
        this(database, new GroupCommit(database, loop, GroupCommit.DEFAULT_MAX_GROUP), requester, settings, loop);
    }

    /**
     * @param commits writes the puts; {@link #close()} closes it (its executor stays the caller's)
     * @param loop    a serial executor of our own (one task at a time, in order); {@link #close()} shuts it down
     */
    OutboxPump(OutboxDatabase database, GroupCommit commits, Requester requester, Settings settings,
            ScheduledExecutorService loop) {
        this.database = database;
        this.commits = commits;
        this.requester = requester;
        this.settings = settings;
        this.loop = loop;
        long sweep = settings.sweep().toMillis();
        loop.scheduleWithFixedDelay(this::pump, 0, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * Makes the message durable (committed with the other puts waiting meanwhile), then wakes the pump.
     *
     * @throws SQLException      when it could not be committed: it is not kept
     * @throws ProtocolException when it cannot be encoded
     * @throws OutboxException   when the outbox closed before it was written: it is not kept
     */
    void put(String key, Message message) throws SQLException, ProtocolException, OutboxException {
        try {
            putAsync(key, message).join(); // not interruptible: the caller learns whether it was kept
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException failure) {
                throw failure;
            }
            if (e.getCause() instanceof OutboxException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /**
     * Like {@link #put}, without waiting: the future completes once the message is on disk, or fails
     * with an {@link SQLException} or {@link OutboxException} when it was not kept.
     *
     * @throws ProtocolException when it cannot be encoded (nothing was queued)
     */
    CompletableFuture<Void> putAsync(String key, Message message) throws ProtocolException {
        return commits.submit(key, codec.encode(message)).thenAccept(stored -> {
            put.incrementAndGet();
            if (stored.coalesced()) {
                coalesced.incrementAndGet();
                execute(() -> withdraw(key, stored.seq()));
            }
            wake();
        });
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

    /** Entries waiting for their resend, once the pump has seen every answer that arrived before this call. */
    int waitingForResend() throws InterruptedException, ExecutionException {
        return loop.submit(retries::size).get();
    }

    private void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            execute(this::pump);
        }
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException closing) {
            // stopped: the database keeps everything for the next start
        }
    }

    /** The value on its way for {@code key} was replaced: the bus drops it if it still holds it. */
    private void withdraw(String key, long newerSeq) {
        InFlight older = inFlightByKey.get(key);
        if (older != null && older.entry().seq() < newerSeq) {
            older.answer().cancel(false);
        }
    }

    private void pump() {
        wakeQueued.set(false);
        if (stopping || inFlight.size() >= settings.window()) {
            return;
        }
        // Skipped below: entries in flight, and entries whose key has an older value in flight.
        int limit = settings.window() + 2 * inFlight.size();
        List<OutboxDatabase.Entry> entries;
        try {
            entries = database.oldest(limit);
        } catch (SQLException e) {
            LOG.warn("Cannot read the outbox {}: {}", database.file(), e.getMessage());
            return;
        }
        forgetRetriesOfReplaced(entries, limit);
        long now = System.nanoTime();
        for (OutboxDatabase.Entry entry : entries) {
            if (inFlight.size() >= settings.window()) {
                break;
            }
            if (inFlight.containsKey(entry.seq()) || (entry.key() != null && inFlightByKey.containsKey(entry.key()))) {
                continue;
            }
            Retry retry = retries.get(entry.seq());
            if (retry != null && !retry.isDue(now)) {
                break; // nothing overtakes a message waiting to be sent again
            }
            send(entry, retry == null ? 0 : retry.attempt());
        }
    }

    /** A waiting entry replaced by a newer one of its key is gone from the database: so is its plan. */
    private void forgetRetriesOfReplaced(List<OutboxDatabase.Entry> entries, int limit) {
        Set<Long> present = new HashSet<>();
        entries.forEach(entry -> present.add(entry.seq()));
        boolean readAll = entries.size() < limit;
        long lastRead = entries.isEmpty() ? Long.MAX_VALUE : entries.get(entries.size() - 1).seq();
        retries.keySet().removeIf(seq -> !present.contains(seq) && (readAll || seq < lastRead));
    }

    private void send(OutboxDatabase.Entry entry, int attempt) {
        Message message;
        try {
            message = codec.decode(entry.message());
        } catch (ProtocolException e) {
            LOG.error("Dropping unreadable outbox entry {} ({}): {}", entry.seq(), entry.key(), e.getMessage());
            refused.incrementAndGet();
            delete(entry.seq());
            return;
        }
        retries.remove(entry.seq());
        (attempt == 0 ? sent : resent).incrementAndGet();
        CompletableFuture<Message> answer;
        try {
            answer = requester.request(message, settings.answerTimeout());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        InFlight sending = new InFlight(entry, attempt, answer);
        inFlight.put(entry.seq(), sending);
        if (entry.key() != null) {
            inFlightByKey.put(entry.key(), sending);
        }
        answer.whenComplete((reply, error) -> execute(() -> answered(sending, reply, error)));
    }

    private void answered(InFlight sending, Message reply, Throwable error) {
        OutboxDatabase.Entry entry = sending.entry();
        inFlight.remove(entry.seq());
        if (entry.key() != null) {
            inFlightByKey.remove(entry.key(), sending);
        }
        if (error instanceof CancellationException) {
            LOG.debug("Outbox entry {} ({}) was replaced while on its way", entry.seq(), entry.key());
        } else if (error == null && Operations.RESPONSE.equals(reply.operation())) {
            acked.incrementAndGet();
            delete(entry.seq());
        } else if (error == null && !ErrorReplies.isRetryable(reply)) {
            refused.incrementAndGet();
            LOG.warn("The cloud refused {} ({}) for good; dropped from the outbox: {}", describe(entry),
                    reply.resource(), reply.content().asText());
            delete(entry.seq());
        } else {
            Duration pause = pause(sending.attempt());
            LOG.debug("Outbox entry {} not acknowledged ({}); sent again in {} ms", describe(entry),
                    error != null ? error.toString() : reply.content().asText(), pause.toMillis());
            retries.put(entry.seq(), new Retry(sending.attempt() + 1, System.nanoTime() + pause.toNanos()));
            loop.schedule(this::pump, pause.toMillis(), TimeUnit.MILLISECONDS);
        }
        pump();
    }

    private void delete(long seq) {
        try {
            database.delete(seq);
        } catch (SQLException e) {
            // Still on disk, so it goes again; the cloud takes a repeated status as what it is.
            LOG.warn("Cannot delete outbox entry {} from {}: {}", seq, database.file(), e.getMessage());
        }
    }

    private Duration pause(int attempt) {
        Duration pause = settings.retryMin().multipliedBy(1L << Math.min(attempt, 16));
        return pause.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : pause;
    }

    private static String describe(OutboxDatabase.Entry entry) {
        return entry.key() != null ? entry.key() : "entry " + entry.seq();
    }

    /**
     * Fails the puts still waiting for their commit, withdraws what still waits on the bus (it is on
     * disk and goes out after the next start), then stops the thread.
     */
    @Override
    public void close() {
        commits.close();
        try {
            loop.submit(() -> {
                stopping = true; // the withdrawn ones must not go again before the thread ends
                List.copyOf(inFlight.values()).forEach(sending -> sending.answer().cancel(false));
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the loop is stuck (a full bus, a locked disk): the interrupt below frees it
        }
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The outbox thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
