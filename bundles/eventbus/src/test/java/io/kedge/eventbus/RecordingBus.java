package io.kedge.eventbus;

import io.kedge.api.bus.BusFullException;
import io.kedge.api.bus.GroupStats;
import io.kedge.api.bus.MessageBus;
import io.kedge.protocol.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A message bus that keeps what is sent, up to a capacity per run (then it is full). */
final class RecordingBus implements MessageBus {
    record Sent(String group, Message message) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    volatile int capacity = Integer.MAX_VALUE;

    @Override
    public void send(String group, Message message) throws BusFullException {
        if (sent.size() >= capacity) {
            throw new BusFullException(group, capacity);
        }
        sent.add(new Sent(group, message));
    }

    List<Message> in(String group) {
        return sent.stream().filter(s -> s.group().equals(group)).map(Sent::message).toList();
    }

    @Override
    public boolean respond(Message response) {
        return false;
    }

    @Override
    public CompletableFuture<Message> request(String group, Message message, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public List<GroupStats> stats() {
        return List.of();
    }
}
