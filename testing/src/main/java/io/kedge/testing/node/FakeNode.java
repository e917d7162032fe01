package io.kedge.testing.node;

import io.kedge.protocol.Acks;
import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * An edge node as the cloud sees it: one session of a JDK WebSocket client speaking the wire contract
 * of {@code protocol}. By default it does what EdgeHub and MetaManager do with a frame from the cloud:
 * applies the objects to its {@link HeldObjects}, acknowledges them with one {@code ack}, answers the
 * inventory query, all in one frame back; any other message (the replies to the test's own requests)
 * is kept for the test. Acking and answering can be switched off to play a slow or old node. A
 * {@linkplain Builder#hostile() hostile} node takes nothing in hand: it keeps every message the cloud
 * sends and sends whatever the test tells it to (forged keys, floods, oversized frames), and may stop
 * reading its socket.
 */
public final class FakeNode implements WebSocket.Listener, AutoCloseable {
    /** KubeEdge's default project id, the first segment of the hub's path. */
    public static final String PROJECT = "e632aba927ea4ac2b575ec1603d56f10";
    static final String SOURCE = "metamanager";

    /** How the session ended: the close frame's code and reason, or -1 and the error. */
    public record Closed(int code, String reason) {
    }

    private final Builder settings;
    private final String nodeName;
    private final HeldObjects store;
    private final MessageCodec codec;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final List<Message> downstream = new CopyOnWriteArrayList<>();
    private final List<String> unacked = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile boolean acking;
    private volatile boolean reading = true;
    /** Set in onOpen: the cloud may send (the inventory query) before the connect future completes. */
    private volatile WebSocket socket;

    private FakeNode(Builder settings) {
        this.settings = settings;
        this.nodeName = settings.nodeName;
        this.store = settings.store;
        this.codec = new MessageCodec(settings.hostile ? Integer.MAX_VALUE : MessageCodec.DEFAULT_MAX_FRAME_BYTES);
        this.acking = settings.acking;
    }

    public static Builder named(String nodeName) {
        return new Builder(nodeName);
    }

    /** An honest node over plain ws:// to 127.0.0.1:{@code port} (a cloud started with --insecure). */
    public static FakeNode connect(int port, String nodeName) throws Exception {
        return named(nodeName).connect(port);
    }

    /** An honest node over wss://, presenting the client certificate of {@code tls} (if it holds one). */
    public static FakeNode connectSecure(int port, String nodeName, SSLContext tls) throws Exception {
        return named(nodeName).tls(tls).connect(port);
    }

    /** A hostile node over wss:// with the (genuine) client certificate in {@code tls}. */
    public static FakeNode connectHostile(int port, String nodeName, SSLContext tls) throws Exception {
        return named(nodeName).hostile().tls(tls).connect(port);
    }

    /** KubeEdge's path of a node's session: {@code /<project>/<node>/events}. */
    public static String eventsPath(String nodeName) {
        return "/" + PROJECT + "/" + nodeName + "/events";
    }

    /** Opens a WebSocket with the headers a node sends ({@code node_id}, {@code project_id}). */
    public static CompletableFuture<WebSocket> newWebSocket(HttpClient client, URI uri, Duration timeout,
            WebSocket.Listener listener) {
        String[] segments = uri.getPath().split("/");
        return client.newWebSocketBuilder()
                .header("node_id", segments.length > 2 ? segments[2] : "")
                .header("project_id", PROJECT)
                .connectTimeout(timeout)
                .buildAsync(uri, listener);
    }

    public String nodeName() {
        return nodeName;
    }

    public HeldObjects store() {
        return store;
    }

    /** Every insert, update, delete and query the cloud sent this session, in order. */
    public List<Message> downstream() {
        return List.copyOf(downstream);
    }

    /** Downstream object messages for keys starting with {@code prefix} (e.g. a test's namespace). */
    public List<Message> downstream(String prefix) {
        return downstream.stream().filter(m -> !Operations.QUERY.equals(m.operation()))
                .filter(m -> m.resource().startsWith(prefix)).toList();
    }

    /** Acks from now on, and acks what arrived while it did not. */
    public void startAcking() {
        List<String> pending;
        synchronized (unacked) {
            acking = true;
            pending = List.copyOf(unacked);
            unacked.clear();
        }
        for (int i = 0; i < pending.size(); i += MessageCodec.MAX_BATCH) {
            sendLater(List.of(Acks.of(SOURCE, pending.subList(i, Math.min(pending.size(), i + MessageCodec.MAX_BATCH)))));
        }
    }

    /**
     * Sends a frame as given, after every earlier send (the JDK client allows one outstanding send);
     * completes when the client has written it, not when the cloud read it.
     */
    public CompletableFuture<WebSocket> sendRaw(String frame) {
        WebSocket ws = socket;
        synchronized (sendLock) {
            CompletableFuture<WebSocket> send = lastSend.handle((ok, error) -> null)
                    .thenCompose(ignored -> ws.sendText(frame, true));
            lastSend = send;
            return send;
        }
    }

    /** Sends and waits until the client has written it. */
    public void send(Message message) throws Exception {
        await(sendRaw(codec.encode(message)));
    }

    /** Sends the messages as one batch frame (a JSON array of envelopes). */
    public void sendBatch(List<Message> messages) throws Exception {
        List<String> encoded = new ArrayList<>(messages.size());
        for (Message message : messages) {
            encoded.add(codec.encode(message));
        }
        await(sendRaw(MessageCodec.frameOf(encoded)));
    }

    /** Sends and waits for the cloud's message whose parent id is the request's id. */
    public Message request(Message message) throws Exception {
        send(message);
        return replyTo(message.id());
    }

    public Message replyTo(String id) throws InterruptedException {
        return awaitMessage(reply -> id.equals(reply.parentId()));
    }

    /** The next kept message that matches, waiting up to the timeout; those before it are dropped. */
    public Message awaitMessage(Predicate<Message> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Message next = received.poll(100, TimeUnit.MILLISECONDS);
            if (next != null && wanted.test(next)) {
                return next;
            }
        }
        throw new AssertionError(nodeName + " got no matching message in " + settings.timeout.toSeconds() + " s");
    }

    public Message nextMessage() throws InterruptedException {
        Message next = received.poll(settings.timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError(nodeName + " expected a message");
        }
        return next;
    }

    /** Messages kept and not yet taken by {@link #awaitMessage}. */
    public List<Message> drainReceived() {
        List<Message> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** Stops taking frames off the socket: the cloud's writes pile up in its buffers, as with a stuck peer. */
    public void stopReading() {
        reading = false;
    }

    public Closed awaitClose() throws Exception {
        return closed.get(settings.timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
        settings.opened.accept(this);
    }

    /**
     * Frames from the cloud under test, which may send anything; it touches only this session's
     * kept messages and the {@link HeldObjects}. A frame that does not decode fails {@link #awaitClose}.
     */
    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            try {
                handle(codec.decodeFrame(frame));
            } catch (ProtocolException e) {
                closed.completeExceptionally(new AssertionError("cloud sent an undecodable frame", e));
            }
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    /** One frame of the cloud's: what it asks for goes back together in one frame, as EdgeHub sends it. */
    private void handle(List<DecodedEntry> entries) {
        List<Message> answers = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        for (DecodedEntry entry : entries) {
            Message message = entry.message().orElse(null);
            if (message == null) {
                closed.completeExceptionally(new AssertionError("cloud sent a bad entry: " + entry));
            } else if (settings.hostile) {
                received.add(message);
            } else {
                handle(message, answers, stored);
            }
        }
        if (!stored.isEmpty()) {
            synchronized (unacked) {
                if (acking) {
                    answers.add(Acks.of(SOURCE, stored));
                    settings.acked.accept(stored.size());
                } else {
                    unacked.addAll(stored);
                }
            }
        }
        sendLater(answers);
    }

    private void handle(Message message, List<Message> answers, List<String> stored) {
        switch (message.operation()) {
            case Operations.QUERY -> {
                record(message);
                if (settings.answeringInventory) {
                    answers.add(store.answer(message));
                }
            }
            case Operations.INSERT, Operations.UPDATE -> {
                store.apply(message);
                record(message);
                stored.add(message.id());
            }
            case Operations.DELETE -> {
                store.remove(message.resource());
                record(message);
                stored.add(message.id());
            }
            default -> settings.replies.accept(message, this);
        }
    }

    private void record(Message message) {
        if (settings.recording) {
            downstream.add(message);
        }
    }

    /** Sends after every earlier send, not waited for: a lost message shows as a missing answer. */
    public void sendLater(Message message) {
        sendLater(List.of(message));
    }

    /** One frame for all of them, not waited for. */
    private void sendLater(List<Message> messages) {
        if (messages.isEmpty() || socket == null) {
            return;
        }
        List<String> encoded = new ArrayList<>(messages.size());
        for (Message message : messages) {
            try {
                encoded.add(codec.encode(message));
            } catch (ProtocolException e) {
                return;
            }
        }
        sendRaw(MessageCodec.frameOf(encoded));
    }

    private void await(CompletableFuture<?> send) throws Exception {
        send.get(settings.timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended(new Closed(-1, error.toString()));
    }

    private void ended(Closed how) {
        closed.complete(how);
        settings.lost.accept(this);
    }

    /** Ends the session with a close frame (none from a hostile node), not waiting for the cloud's. */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !closed.isDone()) {
            if (!settings.hostile) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
            ws.abort();
        }
    }

    /** Cuts the session without a close frame, as when the node's network is gone. */
    public void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /** What a node is and how it behaves; {@link #connect} or {@link #open} starts a session. */
    public static final class Builder {
        private final String nodeName;
        private HeldObjects store = new HeldObjects();
        private boolean acking = true;
        private boolean answeringInventory = true;
        private boolean hostile;
        private boolean recording = true;
        // how long to wait for an answer: the cloud's writes to the API take seconds on a loaded machine
        private Duration timeout = Duration.ofSeconds(30);
        private SSLContext tls;
        private HttpClient client;
        private BiConsumer<Message, FakeNode> replies = (message, node) -> node.received.add(message);
        private IntConsumer acked = count -> { };
        private Consumer<FakeNode> lost = node -> { };
        private Consumer<FakeNode> opened = node -> { };

        private Builder(String nodeName) {
            this.nodeName = nodeName;
        }

        /** What the node holds; give the same one to the next session to play a node that comes back. */
        public Builder store(HeldObjects store) {
            this.store = store;
            return this;
        }

        /** False: a slow node that applies what arrives but acks nothing until {@link FakeNode#startAcking}. */
        public Builder acking(boolean acking) {
            this.acking = acking;
            return this;
        }

        /** False: a node that never answers the cloud's inventory query. */
        public Builder answeringInventory(boolean answering) {
            this.answeringInventory = answering;
            return this;
        }

        /** Applies nothing, acks nothing, keeps every message; encodes frames of any size. */
        public Builder hostile() {
            this.hostile = true;
            return this;
        }

        /** The client certificate (if {@code tls} holds one) and trust for wss://. */
        public Builder tls(SSLContext tls) {
            this.tls = tls;
            return this;
        }

        /** The client to connect with (its own SSL context and executor), instead of a new one per session. */
        public Builder client(HttpClient client) {
            this.client = client;
            return this;
        }

        /** Messages other than downstream objects and queries go here instead of being kept for the test. */
        public Builder onReply(BiConsumer<Message, FakeNode> replies) {
            this.replies = replies;
            return this;
        }

        /** Hears how many object messages each ack covered. */
        public Builder onAcked(IntConsumer acked) {
            this.acked = acked;
            return this;
        }

        /** Hears the session open, before the connect future completes (the cloud may already be sending). */
        public Builder onOpen(Consumer<FakeNode> opened) {
            this.opened = opened;
            return this;
        }

        /** Hears the session end: a close frame or an error. */
        public Builder onLost(Consumer<FakeNode> lost) {
            this.lost = lost;
            return this;
        }

        /** Keeps no list of what came down (a long-running simulator): {@link FakeNode#downstream()} stays empty. */
        public Builder notRecording() {
            this.recording = false;
            return this;
        }

        /** A session with the hub on 127.0.0.1:{@code port}, over wss:// when {@link #tls} was given. */
        public FakeNode connect(int port) throws Exception {
            String scheme = tls == null ? "ws" : "wss";
            return open(URI.create(scheme + "://127.0.0.1:" + port + eventsPath(nodeName)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** A session on {@code eventsUri} ({@code <hub>/<project>/<node>/events}), not waited for. */
        public CompletableFuture<FakeNode> open(URI eventsUri) {
            FakeNode node = new FakeNode(this);
            HttpClient http = client != null ? client : tls == null ? HttpClient.newHttpClient()
                    : HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout).build();
            return newWebSocket(http, eventsUri, timeout, node).thenApply(ws -> node);
        }
    }
}
