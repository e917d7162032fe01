package io.kedge.distro;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on loopback whose path can be cut: while cut, bytes in both directions vanish
 * and new connections are accepted but never answered, as when a link silently drops packets.
 * Neither end hears a reset; each has to notice the silence by itself. {@link #restore()} ends the
 * connections that lived through the cut (their streams lost bytes) and forwards again.
 */
final class BlackholeProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> touchedByCut = ConcurrentHashMap.newKeySet();
    private final AtomicLong discardedBytes = new AtomicLong();
    private volatile boolean cut;
    private volatile boolean closed;

    private BlackholeProxy(InetSocketAddress target, ServerSocket server) {
        this.target = target;
        this.server = server;
    }

    static BlackholeProxy start(int targetPort) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        BlackholeProxy proxy = new BlackholeProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
                server);
        Thread acceptor = new Thread(proxy::acceptLoop, "blackhole-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    void cut() {
        touchedByCut.addAll(sockets);
        cut = true;
    }

    void restore() {
        cut = false;
        for (Socket socket : touchedByCut) {
            closeQuietly(socket);
        }
        touchedByCut.clear();
    }

    long discardedBytes() {
        return discardedBytes.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            if (cut) {
                // Accepted by the kernel, then silence: the client's handshake has to time out.
                touchedByCut.add(client);
                startPump(client, null);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                sockets.add(upstream);
                startPump(client, upstream);
                startPump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies {@code from} to {@code to} while the path is up; discards while it is cut. */
    private void startPump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to == null ? null : to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (cut || out == null) {
                        discardedBytes.addAndGet(read);
                    } else {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                // Across a cut, not even the end of a connection gets through: the other side has to
                // notice by itself (restore() ends what lived through the cut).
                if (to != null && !touchedByCut.contains(to)) {
                    closeQuietly(to);
                }
            }
        }, "blackhole-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(this::closeQuietly);
    }
}
