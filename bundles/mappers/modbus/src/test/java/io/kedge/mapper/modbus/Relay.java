package io.kedge.mapper.modbus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP cable on loopback that a test can cut: forwards every connection on {@link #port()} to a
 * backend port, and {@link #cut()} closes the listening socket and every open connection at once.
 * Two daemon threads per connection and one accepting, for tests only.
 */
final class Relay {
    private final int backendPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private int port;

    Relay(int backendPort) {
        this.backendPort = backendPort;
    }

    synchronized void open() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        server = socket;
        daemon("relay-accept-" + port, () -> accept(socket));
    }

    synchronized void cut() {
        ServerSocket socket = server;
        server = null;
        closeQuietly(socket);
        open.forEach(Relay::closeQuietly);
        open.clear();
    }

    synchronized int port() {
        return port;
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                open.add(client);
                open.add(backend);
                if (server != socket) { // cut while we connected
                    closeQuietly(client);
                    closeQuietly(backend);
                    return;
                }
                daemon("relay-up-" + port, () -> pump(client, backend));
                daemon("relay-down-" + port, () -> pump(backend, client));
            } catch (IOException e) {
                return; // closed by cut()
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[4096];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side or cut() closed it
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to do
        }
    }
}
