package io.kedge.cloud;

import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ProtocolException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A joined node that attacks the hub: a real TLS WebSocket client holding a genuine node
 * certificate, speaking the wire contract of {@code protocol}, but sending whatever a test tells it
 * to (forged keys, floods, oversized frames) and able to stop reading its socket. Unlike
 * {@link FakeEdgeNode} it applies nothing and acks nothing by itself: every message the cloud sends
 * is kept for the test to inspect.
 */
final class HostileNode implements WebSocket.Listener, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String nodeName;
    private final MessageCodec codec = new MessageCodec(Integer.MAX_VALUE);
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<FakeEdgeNode.Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private volatile WebSocket socket;

    private HostileNode(String nodeName) {
        this.nodeName = nodeName;
    }

    /** Over wss:// with the client certificate in {@code tls}, as a joined node connects. */
    static HostileNode connect(int port, String nodeName, SSLContext tls) throws Exception {
        HostileNode node = new HostileNode(nodeName);
        FakeEdgeNode.newSecureWebSocket(port, nodeName, tls, node).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return node;
    }

    /** Over plain ws:// against a cloud started with {@code --insecure}. */
    static HostileNode connectInsecure(int port, String nodeName) throws Exception {
        HostileNode node = new HostileNode(nodeName);
        FakeEdgeNode.newWebSocket(port, "/" + FakeEdgeNode.PROJECT + "/" + nodeName + "/events", node)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return node;
    }

    String nodeName() {
        return nodeName;
    }

    /** Sends a frame as given; completes when the client has written it (not when the cloud read it). */
    CompletableFuture<WebSocket> sendRaw(String frame) {
        return socket.sendText(frame, true);
    }

    void send(Message message) throws Exception {
        sendRaw(codec.encode(message)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends the messages as one batch frame (a JSON array of envelopes). */
    void sendBatch(List<Message> messages) throws Exception {
        StringBuilder frame = new StringBuilder("[");
        for (Message message : messages) {
            frame.append(frame.length() > 1 ? "," : "").append(codec.encode(message));
        }
        sendRaw(frame.append(']').toString()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends and waits for the cloud's message whose parent id is the request's id. */
    Message request(Message message) throws Exception {
        send(message);
        return awaitMessage(reply -> message.id().equals(reply.parentId()));
    }

    /** Stops taking frames off the socket: the cloud's writes pile up in its buffers, as with a stuck peer. */
    void stopReading() {
        reading.set(false);
    }

    /** The next message the cloud sent that matches, waiting up to the timeout. */
    Message awaitMessage(Predicate<Message> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Message next = received.poll(100, TimeUnit.MILLISECONDS);
            if (next != null && wanted.test(next)) {
                return next;
            }
        }
        throw new AssertionError(nodeName + " got no matching message in " + TIMEOUT.toSeconds() + " s");
    }

    /** Messages received and not yet taken by {@link #awaitMessage}. */
    List<Message> drainReceived() {
        List<Message> all = new java.util.ArrayList<>();
        received.drainTo(all);
        return all;
    }

    FakeEdgeNode.Closed awaitClose() throws Exception {
        return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                for (DecodedEntry entry : codec.decodeFrame(partial.toString())) {
                    entry.message().ifPresent(received::add);
                }
            } catch (ProtocolException e) {
                closed.completeExceptionally(new AssertionError("cloud sent an undecodable frame", e));
            }
            partial.setLength(0);
        }
        if (reading.get()) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new FakeEdgeNode.Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new FakeEdgeNode.Closed(-1, error.toString()));
    }

    @Override
    public void close() {
        WebSocket current = socket;
        if (current != null && !closed.isDone()) {
            current.abort();
        }
    }
}
