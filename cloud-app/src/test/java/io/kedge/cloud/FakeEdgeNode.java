package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An edge node as the cloud sees it: a JDK WebSocket client speaking the envelope protocol. Like an
 * edge MetaManager it applies what the cloud sends down to its {@link FakeMetaStore}, acks it and
 * answers inventory queries (each can be switched off to play a slow or old node). Replies to the
 * test's own requests are kept apart from the downstream messages.
 */
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
    private final FakeMetaStore store;
    private final List<Message> downstream = new CopyOnWriteArrayList<>();
    private final List<Message> unacked = new CopyOnWriteArrayList<>();
    /** The JDK client allows one outstanding send: all sends go through this thread, in order. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor();
    private volatile boolean acking = true;
    private volatile boolean answeringInventory = true;
    /** Set in onOpen: the cloud may send (the inventory query) before the connect future completes. */
    private volatile WebSocket socket;

    private FakeEdgeNode(String nodeName, FakeMetaStore store) {
        this.nodeName = nodeName;
        this.store = store;
    }

    static FakeEdgeNode connect(int port, String nodeName) throws Exception {
        return connect(port, nodeName, new FakeMetaStore(), true);
    }

    /** @param acking whether downstream messages are acked at once (false: a slow node) */
    static FakeEdgeNode connect(int port, String nodeName, FakeMetaStore store, boolean acking) throws Exception {
        return connect(port, nodeName, store, acking, true);
    }

    /** @param answeringInventory false plays a node that never answers the cloud's inventory query */
    static FakeEdgeNode connect(int port, String nodeName, FakeMetaStore store, boolean acking,
            boolean answeringInventory) throws Exception {
        FakeEdgeNode node = new FakeEdgeNode(nodeName, store);
        node.acking = acking;
        node.answeringInventory = answeringInventory;
        newWebSocket(port, "/" + PROJECT + "/" + nodeName + "/events", node)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return node;
    }

    /** Over wss://, presenting the client certificate of {@code tls} (if it holds one). */
    static FakeEdgeNode connectSecure(int port, String nodeName, SSLContext tls) throws Exception {
        FakeEdgeNode node = new FakeEdgeNode(nodeName, new FakeMetaStore());
        newSecureWebSocket(port, nodeName, tls, node).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return node;
    }

    /** Over wss://; {@code acking} and {@code answeringInventory} as for {@link #connect}. */
    static FakeEdgeNode connectSecure(int port, String nodeName, SSLContext tls, FakeMetaStore store, boolean acking,
            boolean answeringInventory) throws Exception {
        FakeEdgeNode node = new FakeEdgeNode(nodeName, store);
        node.acking = acking;
        node.answeringInventory = answeringInventory;
        newSecureWebSocket(port, nodeName, tls, node).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return node;
    }

    static CompletableFuture<WebSocket> newSecureWebSocket(int port, String nodeName, SSLContext tls,
            WebSocket.Listener listener) {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).build();
        return newWebSocket(client, URI.create("wss://127.0.0.1:" + port + "/" + PROJECT + "/" + nodeName + "/events"),
                listener);
    }

    static CompletableFuture<WebSocket> newWebSocket(int port, String path, WebSocket.Listener listener) {
        return newWebSocket(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + port + path), listener);
    }

    private static CompletableFuture<WebSocket> newWebSocket(HttpClient client, URI uri, WebSocket.Listener listener) {
        String[] segments = uri.getPath().split("/");
        return client.newWebSocketBuilder()
                .header("node_id", segments.length > 2 ? segments[2] : "")
                .header("project_id", PROJECT)
                .connectTimeout(TIMEOUT)
                .buildAsync(uri, listener);
    }

    String nodeName() {
        return nodeName;
    }

    FakeMetaStore store() {
        return store;
    }

    /** Every insert, update, delete and query the cloud sent this connection, in order. */
    List<Message> downstream() {
        return List.copyOf(downstream);
    }

    /** Downstream object messages for keys starting with {@code prefix} (e.g. a test's namespace). */
    List<Message> downstream(String prefix) {
        return downstream.stream().filter(m -> !Operations.QUERY.equals(m.operation()))
                .filter(m -> m.resource().startsWith(prefix)).toList();
    }

    /** Acks from now on, and acks what arrived while it did not. */
    void startAcking() {
        acking = true;
        List<Message> pending = List.copyOf(unacked);
        unacked.removeAll(pending);
        pending.forEach(this::ack);
    }

    void sendRaw(String frame) throws Exception {
        sender.submit(() -> socket.sendText(frame, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private void sendLater(Message message) {
        sender.execute(() -> {
            try {
                socket.sendText(codec.encode(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                // The test sees the missing answer; the connection may simply be closing.
            }
        });
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
                    accept(entry.message().orElseThrow(() -> new AssertionError("cloud sent a bad entry: " + entry)));
                }
            } catch (Exception e) {
                closed.completeExceptionally(new AssertionError("cloud sent an undecodable frame", e));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    private void accept(Message message) {
        switch (message.operation()) {
            case Operations.QUERY -> {
                downstream.add(message);
                if (answeringInventory) {
                    sendLater(Message.responseTo(message, "metamanager", store.inventory()));
                }
            }
            case Operations.INSERT, Operations.UPDATE -> {
                store.put(message.resource(), message.content());
                applied(message);
            }
            case Operations.DELETE -> {
                store.remove(message.resource());
                applied(message);
            }
            default -> received.add(message);
        }
    }

    private void applied(Message message) {
        downstream.add(message);
        if (acking) {
            ack(message);
        } else {
            unacked.add(message);
        }
    }

    private void ack(Message message) {
        sendLater(Message.responseTo(message, "metamanager", TextNode.valueOf("OK")));
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
        sender.shutdownNow();
    }
}
