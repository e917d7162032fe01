package io.kedge.testing.cloud;

import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for CloudHub: a plain ws:// server on an ephemeral loopback port, without any library, so
 * it also runs inside the OSGi tester. It accepts each node's session on
 * {@code /<project>/<node>/events}, records what the nodes send (upstream messages and acks, session
 * by session and node by node), sends what a test says and, when asked, answers inserts and updates
 * as EdgeController would. One reader thread per session.
 */
public final class FakeCloud implements AutoCloseable {
    private static final long WAIT_SECONDS = 10;

    private final ServerSocket server;
    private final List<CloudConnection> connections = new CopyOnWriteArrayList<>();
    private final Map<String, BlockingQueue<Message>> byNode = new ConcurrentHashMap<>();
    private volatile boolean answerRequests;
    private volatile boolean offline;

    private FakeCloud(ServerSocket server) {
        this.server = server;
    }

    public static FakeCloud start() throws IOException {
        FakeCloud cloud = new FakeCloud(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread acceptor = new Thread(cloud::acceptLoop, "fake-cloud-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return cloud;
    }

    /** The value for the edge's {@code cloud.url}. */
    public String url() {
        return "ws://127.0.0.1:" + server.getLocalPort();
    }

    /** Whether inserts and updates get a response (as EdgeController sends once it stored them). */
    public void answerRequests(boolean answer) {
        answerRequests = answer;
    }

    /**
     * The cloud goes away: every session is cut without a close frame and new ones fail their
     * handshake, until {@link #goOnline()}; the edge keeps trying to reconnect meanwhile.
     */
    public void goOffline() {
        offline = true;
        connections.forEach(CloudConnection::drop);
    }

    public void goOnline() {
        offline = false;
    }

    /** Every session, in the order they opened. */
    public List<CloudConnection> connections() {
        return List.copyOf(connections);
    }

    /** Node names in the order their sessions opened (a node appears once per session). */
    public List<String> opened() {
        return connections.stream().map(CloudConnection::nodeName).toList();
    }

    /** Every envelope received on any connection, connection by connection. */
    public List<Message> received() {
        List<Message> all = new ArrayList<>();
        connections.forEach(c -> all.addAll(c.received()));
        return all;
    }

    /** Sends on the node's latest session. */
    public void send(String node, Message message) {
        latest(node).send(message);
    }

    /** Cuts the node's latest session without a close frame, as a dying cloud would. */
    public void drop(String node) {
        latest(node).drop();
    }

    /** The next message {@code node} sent on any of its sessions, waiting up to 10 s. */
    public Message next(String node) throws InterruptedException {
        Message message = queue(node).poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError(node + " sent nothing within " + WAIT_SECONDS + " s");
        }
        return message;
    }

    /** The next message from {@code node} with that operation, skipping others (keepalives, say). */
    public Message next(String node, String operation) throws InterruptedException {
        while (true) {
            Message message = next(node);
            if (message.operation().equals(operation)) {
                return message;
            }
        }
    }

    private CloudConnection latest(String node) {
        for (int i = connections.size() - 1; i >= 0; i--) {
            CloudConnection connection = connections.get(i);
            if (connection.nodeName().equals(node)) {
                return connection;
            }
        }
        throw new IllegalStateException(node + " never connected");
    }

    private BlockingQueue<Message> queue(String node) {
        return byNode.computeIfAbsent(node, n -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.forEach(CloudConnection::drop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (offline) {
                    socket.close(); // before the upgrade: the edge sees a failed handshake
                    continue;
                }
                CloudConnection.accept(socket, connections::add, this::onMessage);
            } catch (IOException e) {
                // a failed handshake or the server closing: the loop condition decides
            }
        }
    }

    private void onMessage(CloudConnection connection, Message message) {
        queue(connection.nodeName()).add(message);
        boolean request = Operations.INSERT.equals(message.operation()) || Operations.UPDATE.equals(message.operation());
        if (answerRequests && request) {
            connection.send(Message.responseTo(message, "edgecontroller", null));
        }
    }
}
