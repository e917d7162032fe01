package io.kedge.itest.support;

import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for CloudHub: a WebSocket server on an ephemeral loopback port that records what edge
 * nodes send and, when asked, answers their inserts and updates as EdgeController would.
 */
public final class FakeCloud implements AutoCloseable {
    private final ServerSocket server;
    private final List<CloudConnection> connections = new CopyOnWriteArrayList<>();
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

    public List<CloudConnection> connections() {
        return List.copyOf(connections);
    }

    /** Every envelope received on any connection, connection by connection. */
    public List<Message> received() {
        List<Message> all = new ArrayList<>();
        connections.forEach(c -> all.addAll(c.received()));
        return all;
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
                connections.add(CloudConnection.accept(socket, this::onMessage));
            } catch (IOException e) {
                // a failed handshake or the server closing: the loop condition decides
            }
        }
    }

    private void onMessage(CloudConnection connection, Message message) {
        boolean request = Operations.INSERT.equals(message.operation()) || Operations.UPDATE.equals(message.operation());
        if (answerRequests && request) {
            connection.send(Message.responseTo(message, "edgecontroller", null));
        }
    }
}
