package io.kedge.cloud.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.POJONode;
import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.FrameBuilder;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

/** The writer against a session whose writes complete only when the test says so. */
class FrameWriterTest {
    private final MessageCodec codec = new MessageCodec();
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<Callback> pendingWrites = new CopyOnWriteArrayList<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicInteger disconnects = new AtomicInteger();
    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "isOpen" -> open.get();
                case "sendText" -> {
                    frames.add((String) args[0]);
                    pendingWrites.add((Callback) args[1]);
                    yield null;
                }
                case "disconnect" -> {
                    open.set(false);
                    disconnects.incrementAndGet();
                    yield null;
                }
                case "toString" -> "test session";
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void whatQueuesDuringAWriteGoesTogetherInOneFrameInOrder() throws Exception {
        FrameWriter writer = new FrameWriter("n1", session, codec, Runnable::run, 1000, Long.MAX_VALUE, new ProcessErrors());
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(object(i));
            assertThat(writer.offer(sent.get(i))).isEqualTo(Downlink.SendResult.SENT);
        }
        assertThat(frames).as("the first goes at once, the rest wait for its write").hasSize(1);

        completeWrites();

        assertThat(frames).hasSize(2);
        assertThat(messagesIn(frames.get(0))).containsExactly(sent.get(0));
        assertThat(messagesIn(frames.get(1))).containsExactlyElementsOf(sent.subList(1, 100));
        completeWrites();
        assertThat(frames).as("nothing more to write").hasSize(2);
        assertThat(writer.queued()).isZero();
    }

    @Test
    void aFrameHoldsAtMostABatchAndStaysWithinItsBudget() throws Exception {
        FrameWriter writer = new FrameWriter("n1", session, codec, Runnable::run, 10_000, Long.MAX_VALUE, new ProcessErrors());
        writer.offer(object(-1));
        String padding = "x".repeat(FrameBuilder.DEFAULT_BUDGET_CHARS / 4);
        for (int i = 0; i < 6; i++) {
            writer.offer(Message.create("edgecontroller", Groups.RESOURCE, "ns/configmap/big-" + i, Operations.INSERT,
                    MessageCodec.mapper().createObjectNode().put("data", padding)));
        }
        for (int i = 0; i < FrameWriter.MAX_BATCH + 10; i++) {
            writer.offer(object(i));
        }
        while (!pendingWrites.isEmpty()) {
            completeWrites();
        }

        int messages = 0;
        for (String frame : frames.subList(1, frames.size())) {
            assertThat(frame.length()).isLessThanOrEqualTo(FrameBuilder.DEFAULT_BUDGET_CHARS + 1);
            int inFrame = messagesIn(frame).size();
            assertThat(inFrame).isLessThanOrEqualTo(FrameWriter.MAX_BATCH);
            messages += inFrame;
        }
        assertThat(messages).isEqualTo(6 + FrameWriter.MAX_BATCH + 10);
        assertThat(frames.size()).as("big ones split by size, the rest by count").isBetween(4, 6);
    }

    @Test
    void cloudMessagesAreBoundedUntilWrittenRepliesAreNot() throws Exception {
        FrameWriter writer = new FrameWriter("n1", session, codec, Runnable::run, 3, Long.MAX_VALUE, new ProcessErrors());
        for (int i = 0; i < 3; i++) {
            assertThat(writer.offer(object(i))).isEqualTo(Downlink.SendResult.SENT);
        }
        assertThat(writer.offer(object(3))).isEqualTo(Downlink.SendResult.QUEUE_FULL);
        writer.send(Message.create("cloudhub", Groups.RESOURCE, "node", Operations.RESPONSE, null));
        assertThat(writer.queued()).as("the reply queued beside the full window").isEqualTo(3);

        completeWrites();
        assertThat(writer.offer(object(4))).as("the first frame written: room again").isEqualTo(Downlink.SendResult.SENT);
    }

    @Test
    void aFailedWriteFreesItsRoomAndAClosedSessionTakesNothing() throws Exception {
        FrameWriter writer = new FrameWriter("n1", session, codec, Runnable::run, 1, Long.MAX_VALUE, new ProcessErrors());
        assertThat(writer.offer(object(0))).isEqualTo(Downlink.SendResult.SENT);
        assertThat(writer.offer(object(1))).isEqualTo(Downlink.SendResult.QUEUE_FULL);
        pendingWrites.remove(0).fail(new java.io.IOException("broken pipe"));
        assertThat(writer.offer(object(2))).isEqualTo(Downlink.SendResult.SENT);

        open.set(false);
        assertThat(writer.offer(object(3))).isEqualTo(Downlink.SendResult.NOT_CONNECTED);
    }

    @Test
    void repliesToANodeThatDoesNotReadAreBoundedByBytesThenItsConnectionIsDropped() {
        long budget = 100_000;
        FrameWriter writer = new FrameWriter("n1", session, codec, Runnable::run, 1000, budget, new ProcessErrors());
        int sent = 0;
        while (open.get() && sent < 10_000) {
            writer.send(reply(sent++, 1000));
            assertThat(writer.unsentBytes()).isLessThanOrEqualTo(budget);
        }

        assertThat(disconnects).as("dropped once, after about a budget of replies").hasValue(1);
        assertThat(sent).as("replies of about 1.3 KB each").isBetween(60, 101);
        assertThat(writer.queued()).as("what waited is let go").isZero();
        writer.send(reply(sent, 1000));
        assertThat(writer.offer(object(1))).isEqualTo(Downlink.SendResult.NOT_CONNECTED);
        assertThat(disconnects).hasValue(1);
    }

    @Test
    void bytesHandedToJettyCountUntilTheirWriteCompletes() {
        FrameWriter writer = new FrameWriter("n1", session, codec, Runnable::run, 1000, 1_000_000, new ProcessErrors());
        writer.send(reply(0, 5000));
        long inFlight = writer.unsentBytes();
        assertThat(inFlight).as("written to Jetty, not yet flushed").isGreaterThan(5000);

        completeWrites();

        assertThat(writer.unsentBytes()).isZero();
    }

    @Test
    void aNodeThatReadsIsNeverDroppedHoweverMuchItAsks() {
        FrameWriter writer = new FrameWriter("n1", session, codec, Runnable::run, 1000, 50_000, new ProcessErrors());
        for (int i = 0; i < 2000; i++) {
            writer.send(reply(i, 1000));
            completeWrites();
        }
        assertThat(disconnects).hasValue(0);
        assertThat(writer.unsentBytes()).isZero();
    }

    @Test
    void oneRoundHandsJettyAboutARoundOfBytes() {
        FrameWriter writer = new FrameWriter("n1", session, codec, Runnable::run, 10_000, Long.MAX_VALUE,
                new ProcessErrors());
        writer.offer(object(-1));
        for (int i = 0; i < 200; i++) {
            writer.offer(Message.create("edgecontroller", Groups.RESOURCE, "ns/configmap/c" + i, Operations.INSERT,
                    MessageCodec.mapper().createObjectNode().put("data", "x".repeat(100_000))));
        }
        completeWrites();

        assertThat(writer.unsentBytes()).isBetween((long) FrameWriter.ROUND_BYTES, FrameWriter.ROUND_BYTES + 101_000L);
        while (!pendingWrites.isEmpty()) {
            completeWrites();
        }
        assertThat(writer.unsentBytes()).isZero();
        assertThat(frames.stream().mapToInt(f -> f.length()).sum()).isGreaterThan(200 * 100_000);
    }

    @Test
    void anErrorWhileWritingDropsTheConnectionInsteadOfWedgingTheWriter() {
        ProcessErrors errors = new ProcessErrors();
        FrameWriter writer = new FrameWriter("n1", session, codec, Runnable::run, 1000, Long.MAX_VALUE, errors);
        Object bottomless = new Object() {
            @SuppressWarnings("unused")
            public String getValue() {
                throw new StackOverflowError("deep");
            }
        };

        writer.offer(Message.create("edgecontroller", Groups.RESOURCE, "ns/pod/p", Operations.UPDATE,
                new POJONode(bottomless)));

        assertThat(disconnects).hasValue(1);
        assertThat(errors.first()).hasValueSatisfying(e -> assertThat(e).contains("StackOverflowError"));
        assertThat(writer.offer(object(1))).isEqualTo(Downlink.SendResult.NOT_CONNECTED);
    }

    private static Message reply(int i, int padding) {
        Message request = Message.create("edged", Groups.RESOURCE, "ns/configmap/c" + i, Operations.QUERY, null);
        return Message.responseTo(request, "cloudhub", MessageCodec.mapper().createObjectNode().put("pad",
                "y".repeat(padding)));
    }

    private void completeWrites() {
        List<Callback> done = List.copyOf(pendingWrites);
        pendingWrites.removeAll(done);
        done.forEach(Callback::succeed);
    }

    private List<Message> messagesIn(String frame) throws Exception {
        return codec.decodeFrame(frame).stream().map(DecodedEntry::message).map(m -> m.orElseThrow()).toList();
    }

    private static Message object(int i) {
        return Message.create("edgecontroller", Groups.RESOURCE, "ns/pod/p" + i, Operations.UPDATE,
                MessageCodec.mapper().createObjectNode().put("i", i)).withResourceVersion(String.valueOf(i + 1));
    }
}
