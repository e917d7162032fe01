package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An edge node as the cloud sees it: a JDK WebSocket client speaking the envelope protocol. */
final class FakeEdgeNode implements WebSocket.Listener, AutoCloseable {
    static final String PROJECT = "e632aba927ea4ac2b575ec1603d56f10";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    record Closed(int code, String reason) {
    }

    private final String nodeName;
    private final MessageCodec codec = new MessageCodec();
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private FakeEdgeNode(String nodeName) {
        this.nodeName = nodeName;
    }

    static FakeEdgeNode connect(int port, String nodeName) throws Exception {
        FakeEdgeNode node = new FakeEdgeNode(nodeName);
        node.socket = newWebSocket(port, "/" + PROJECT + "/" + nodeName + "/events", node)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return node;
    }

    static CompletableFuture<WebSocket> newWebSocket(int port, String path, WebSocket.Listener listener) {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .header("node_id", path.split("/").length > 2 ? path.split("/")[2] : "")
                .header("project_id", PROJECT)
                .connectTimeout(TIMEOUT)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), listener);
    }

    String nodeName() {
        return nodeName;
    }

    void sendRaw(String frame) throws Exception {
        socket.sendText(frame, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    void send(Message message) throws Exception {
        sendRaw(codec.encode(message));
    }

    /** Sends and waits for the message whose parent id is the request's id. */
    Message request(Message message) throws Exception {
        send(message);
        return replyTo(message.id());
    }

    Message replyTo(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Message next = received.poll(100, TimeUnit.MILLISECONDS);
            if (next != null && id.equals(next.parentId())) {
                return next;
            }
        }
        throw new AssertionError(nodeName + " got no reply to " + id);
    }

    Message nextMessage() throws InterruptedException {
        Message next = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(next).as("%s expected a message", nodeName).isNotNull();
        return next;
    }

    Closed awaitClose() throws Exception {
        return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(codec.decode(partial.toString()));
            } catch (Exception e) {
                closed.completeExceptionally(new AssertionError("cloud sent an undecodable frame", e));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, error.toString()));
    }

    @Override
    public void close() {
        if (!closed.isDone() && socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done");
            socket.abort();
        }
    }
}
