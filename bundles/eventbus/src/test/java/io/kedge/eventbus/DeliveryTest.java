package io.kedge.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class DeliveryTest {
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final Executor held = pending::add;
    private final List<String> delivered = new ArrayList<>();

    @Test
    void deliversInOrderAndDropsOnlyWhatDoesNotFit() {
        Delivery delivery = new Delivery(held, 3, message -> delivered.add(message.topic()));
        for (int i = 0; i < 5; i++) {
            delivery.offer(new Inbound("c", "t" + i, new byte[0]));
        }
        assertThat(delivery.queued()).isEqualTo(3);
        assertThat(delivery.dropped()).isEqualTo(2);
        pending.forEach(Runnable::run);
        assertThat(delivered).containsExactly("t0", "t1", "t2");
        assertThat(delivery.queued()).isZero();

        delivery.offer(new Inbound("c", "t5", new byte[0]));
        pending.poll();
        pending.forEach(Runnable::run);
        assertThat(delivery.dropped()).isEqualTo(2);
    }

    @Test
    void aStoppedExecutorCountsAsADropNotAFailure() {
        Delivery delivery = new Delivery(task -> {
            throw new java.util.concurrent.RejectedExecutionException("stopped");
        }, 10, message -> delivered.add(message.topic()));
        delivery.offer(new Inbound("c", "t", new byte[0]));
        assertThat(delivery.dropped()).isEqualTo(1);
        assertThat(delivery.queued()).isZero();
    }
}
