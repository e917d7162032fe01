package io.kedge.devicedata;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * The REST API's HTTP server, the same JDK server MetaServer runs, on its own port (MetaServer's
 * handler is its own and takes no others). Requests run on the given executor; the JDK server
 * keeps one dispatcher thread of its own for accepting and reading requests.
 */
final class DataServer implements AutoCloseable {
    private final HttpServer server;

    private DataServer(HttpServer server) {
        this.server = server;
    }

    static DataServer start(String host, int port, DataApi api, Executor requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 50);
        server.createContext("/", api);
        server.setExecutor(requests);
        server.start();
        return new DataServer(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
