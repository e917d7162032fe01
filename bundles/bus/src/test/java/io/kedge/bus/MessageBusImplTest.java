package io.kedge.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedge.api.bus.BatchMessageHandler;
import io.kedge.api.bus.BusFullException;
import io.kedge.api.bus.DeliveryException;
import io.kedge.api.bus.MessageHandler;
import io.kedge.bus.exec.ModuleExecutors;
import io.kedge.bus.exec.SharedThreads;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageBusImplTest {
    private final SharedThreads threads = new SharedThreads();
    private final MessageBusImpl bus = new MessageBusImpl(100, 200, 20,
            new ModuleExecutors("bus", threads).newSerialExecutor("timers"));

    @AfterEach
    void stop() {
        bus.deactivate();
        threads.close();
    }

    @Test
    void deliversInOrderToTheGroupHandler() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        bus.bindHandler(m -> seen.add(m.resource()), Map.of(MessageHandler.GROUP, "meta"));

        for (int i = 0; i < 50; i++) {
            bus.send("meta", message("r" + i));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 50);
        assertThat(seen).containsExactly(expected(0, 50));
    }

    @Test
    void keepsMessagesWhileTheHandlerIsAwayAndLosesNoneAcrossASwap() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        MessageHandler first = m -> seen.add(m.resource());
        bus.bindHandler(first, Map.of(MessageHandler.GROUP, new String[] {"edged"}));
        for (int i = 0; i < 20; i++) {
            bus.send("edged", message("r" + i));
        }
        await().until(() -> seen.size() == 20);

        bus.unbindHandler(first);
        for (int i = 20; i < 60; i++) {
            bus.send("edged", message("r" + i));
        }
        assertThat(bus.stats()).anySatisfy(s -> {
            assertThat(s.group()).isEqualTo("edged");
            assertThat(s.queued()).isEqualTo(40);
            assertThat(s.handlerPresent()).isFalse();
        });

        bus.bindHandler(m -> seen.add(m.resource()), Map.of(MessageHandler.GROUP, List.of("edged")));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 60);
        assertThat(seen).containsExactly(expected(0, 60));
    }

    @Test
    void aBatchHandlerTakesWhatQueuedInOrderAndARefusedBatchStaysWhole() throws Exception {
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        AtomicBoolean refuse = new AtomicBoolean(true);
        java.util.concurrent.CountDownLatch firstCall = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        BatchMessageHandler handler = new BatchMessageHandler() {
            @Override
            public void handle(Message message) throws DeliveryException {
                handleAll(List.of(message));
            }

            @Override
            public void handleAll(List<Message> messages) throws DeliveryException {
                firstCall.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (messages.size() > 1 && refuse.getAndSet(false)) {
                    throw new DeliveryException("link down");
                }
                calls.add(messages.stream().map(Message::resource).toList());
            }
        };
        bus.bindHandler(handler, Map.of(MessageHandler.GROUP, "hub"));
        bus.send("hub", message("r0"));
        firstCall.await();
        for (int i = 1; i < 40; i++) {
            bus.send("hub", message("r" + i)); // queue while the first call is busy
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().mapToInt(List::size).sum() == 40);
        assertThat(calls.get(0)).containsExactly("r0");
        assertThat(calls.get(1)).as("everything that queued meanwhile, after the refusal, in one call")
                .containsExactly(expected(1, 40));
        assertThat(bus.stats()).anySatisfy(s -> {
            assertThat(s.group()).isEqualTo("hub");
            assertThat(s.delivered()).isEqualTo(40);
            assertThat(s.queued()).isZero();
        });
    }

    @Test
    void aRefusedMessageStaysAtTheHeadAndIsRetried() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger refusals = new AtomicInteger(3);
        bus.bindHandler(m -> {
            if (refusals.getAndDecrement() > 0) {
                throw new DeliveryException("link down");
            }
            seen.add(m.resource());
        }, Map.of(MessageHandler.GROUP, "hub"));

        bus.send("hub", message("r0"));
        bus.send("hub", message("r1"));

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("r0", "r1");
    }

    @Test
    void aThrowingHandlerLosesOnlyTheBadMessage() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        bus.bindHandler(m -> {
            if (m.resource().equals("bad")) {
                throw new IllegalStateException("boom");
            }
            seen.add(m.resource());
        }, Map.of(MessageHandler.GROUP, "meta"));

        bus.send("meta", message("bad"));
        bus.send("meta", message("good"));

        await().until(() -> seen.contains("good"));
        assertThat(bus.stats().get(0).failed()).isEqualTo(1);
    }

    @Test
    void aFullQueueMakesTheSenderWaitThenFail() throws Exception {
        for (int i = 0; i < 100; i++) {
            bus.send("nobody", message("r" + i));
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> bus.send("nobody", message("overflow"))).isInstanceOf(BusFullException.class)
                .hasMessageContaining("nobody");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void aLowerBoundKeepsEveryQueuedMessageAndRefusesNewOnesUntilTheQueueDrainsBelowIt() throws Exception {
        for (int i = 0; i < 10; i++) {
            bus.send("meta", message("r" + i));
        }

        bus.applyLimits(3, 50, 20);

        assertThat(bus.stats().get(0).queued()).isEqualTo(10);
        assertThatThrownBy(() -> bus.send("meta", message("refused"))).isInstanceOf(BusFullException.class);
        List<String> seen = new CopyOnWriteArrayList<>();
        bus.bindHandler(m -> seen.add(m.resource()), Map.of(MessageHandler.GROUP, "meta"));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 10);
        assertThat(seen).containsExactly(expected(0, 10));
        bus.send("meta", message("r10"));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 11);
    }

    @Test
    void aRaisedBoundLetsAWaitingSenderIn() throws Exception {
        bus.applyLimits(1, 30_000, 20);
        bus.send("meta", message("r0"));
        java.util.concurrent.CompletableFuture<Void> waiting = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                bus.send("meta", message("r1"));
            } catch (BusFullException e) {
                throw new IllegalStateException(e);
            }
        });

        bus.applyLimits(2, 30_000, 20);

        waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(bus.stats().get(0).queued()).isEqualTo(2);
    }

    @Test
    void aQueueMadeAfterAnEditHasTheNewBound() throws Exception {
        bus.applyLimits(2, 50, 20);

        bus.send("later", message("r0"));
        bus.send("later", message("r1"));

        assertThatThrownBy(() -> bus.send("later", message("r2"))).isInstanceOf(BusFullException.class);
    }

    @Test
    void requestCompletesWithTheReplyWhoseParentIsTheRequest() throws Exception {
        bus.bindHandler(m -> {
            try {
                bus.send("ignored", Message.responseTo(m, "meta", null));
            } catch (BusFullException e) {
                throw new IllegalStateException(e);
            }
        }, Map.of(MessageHandler.GROUP, "meta"));

        Message request = message("q");
        Message reply = bus.request("meta", request, Duration.ofSeconds(5)).get();

        assertThat(reply.parentId()).isEqualTo(request.id());
        assertThat(bus.stats()).noneMatch(s -> s.group().equals("ignored"));
    }

    @Test
    void respondCompletesOnlyAWaitingRequest() throws Exception {
        Message request = message("q");
        var future = bus.request("absent", request, Duration.ofMillis(50));
        assertThatThrownBy(future::get).hasCauseInstanceOf(TimeoutException.class);

        assertThat(bus.respond(Message.responseTo(request, "cloud", null))).as("too late").isFalse();
        assertThat(bus.stats()).noneMatch(s -> s.group().equals("meta"));

        Message second = message("q2");
        var answered = bus.request("absent", second, Duration.ofSeconds(5));
        assertThat(bus.respond(Message.responseTo(second, "cloud", null))).isTrue();
        assertThat(answered.get().parentId()).isEqualTo(second.id());
    }

    @Test
    void aResponseNobodyWaitsForIsQueuedForItsGroup() throws Exception {
        // MetaManager's ack to the cloud is a response sent to the hub group: it must travel.
        Message fromCloud = message("default/pod/p");
        bus.send("hub", Message.responseTo(fromCloud, "metamanager", null));

        assertThat(bus.stats()).anySatisfy(s -> {
            assertThat(s.group()).isEqualTo("hub");
            assertThat(s.queued()).isEqualTo(1);
        });
    }

    @Test
    void aTimedOutRequestIsWithdrawnFromTheQueue() throws Exception {
        var future = bus.request("absent", message("q"), Duration.ofMillis(100));

        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        await().until(() -> bus.stats().get(0).queued() == 0);

        AtomicBoolean delivered = new AtomicBoolean();
        bus.bindHandler(m -> delivered.set(true), Map.of(MessageHandler.GROUP, "absent"));
        Thread.sleep(100);
        assertThat(delivered).isFalse();
    }

    @Test
    void aCancelledRequestIsWithdrawnFromTheQueue() throws Exception {
        var future = bus.request("absent", message("q"), Duration.ofSeconds(30));
        assertThat(bus.stats().get(0).queued()).isEqualTo(1);

        future.cancel(false);
        await().until(() -> bus.stats().get(0).queued() == 0);
        AtomicBoolean delivered = new AtomicBoolean();
        bus.bindHandler(m -> delivered.set(true), Map.of(MessageHandler.GROUP, "absent"));
        Thread.sleep(100);
        assertThat(delivered).isFalse();
    }

    private static Message message(String resource) {
        return Message.create("test", "resource", resource, Operations.UPDATE, null);
    }

    private static String[] expected(int from, int to) {
        return java.util.stream.IntStream.range(from, to).mapToObj(i -> "r" + i).toArray(String[]::new);
    }
}
