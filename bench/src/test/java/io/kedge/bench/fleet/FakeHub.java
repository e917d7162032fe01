package io.kedge.bench.fleet;

import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.pathmap.RegexPathSpec;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A bare CloudHub stand-in over plain ws://: records what each node sends, sends what a test says.
 * Public, as Jetty invokes the session listener through method handles.
 */
public final class FakeHub implements AutoCloseable {
    private final MessageCodec codec = new MessageCodec();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Message>> received = new ConcurrentHashMap<>();
    private final List<String> opened = new CopyOnWriteArrayList<>();

    FakeHub() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(WebSocketUpgradeHandler.from(server, context, container ->
                container.addMapping(new RegexPathSpec("^/[^/]+/[^/]+/events$"), (request, response, callback) ->
                        new NodeEnd(Request.getPathInContext(request).split("/")[2]))));
        server.setHandler(context);
        server.start();
    }

    String url() {
        return "ws://127.0.0.1:" + connector.getLocalPort();
    }

    /** Node names in the order their sessions opened (a node appears once per session). */
    List<String> opened() {
        return List.copyOf(opened);
    }

    void send(String node, Message message) throws ProtocolException {
        sessions.get(node).sendText(codec.encode(message), Callback.NOOP);
    }

    /** The next message {@code node} sent, waiting up to 10 s. */
    Message next(String node) throws InterruptedException {
        Message message = queue(node).poll(10, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError(node + " sent nothing within 10 s");
        }
        return message;
    }

    /** The next message from {@code node} with that operation, skipping others (keepalives, say). */
    Message next(String node, String operation) throws InterruptedException {
        while (true) {
            Message message = next(node);
            if (message.operation().equals(operation)) {
                return message;
            }
        }
    }

    /** Closes the node's session from the cloud's side, as a dying cloud would. */
    void drop(String node) {
        sessions.get(node).disconnect();
    }

    private BlockingQueue<Message> queue(String node) {
        return received.computeIfAbsent(node, n -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    public final class NodeEnd implements Session.Listener.AutoDemanding {
        private final String node;

        NodeEnd(String node) {
            this.node = node;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            sessions.put(node, session);
            opened.add(node);
        }

        @Override
        public void onWebSocketText(String text) {
            try {
                for (DecodedEntry entry : codec.decodeFrame(text)) {
                    queue(node).add(entry.message().orElseThrow(() ->
                            new AssertionError("node " + node + " sent a bad message: " + entry)));
                }
            } catch (ProtocolException e) {
                throw new AssertionError("node " + node + " sent a bad frame: " + text, e);
            }
        }

        /** Nodes abort their sessions (that is the point of several tests): nothing to report. */
        @Override
        public void onWebSocketError(Throwable cause) {
        }
    }
}
