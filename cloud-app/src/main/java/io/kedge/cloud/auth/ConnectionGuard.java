package io.kedge.cloud.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits what one client can hold on a server whose honest clients make a request or two and go:
 * at most {@code perAddress} connections from one IP address (more are closed at once), and no
 * connection lives longer than {@code maxAge}, however busy it keeps itself (a client that dribbles
 * header bytes resets every idle timeout). Counts network connections only, not the protocol
 * connections layered on them (TLS, then HTTP).
 */
final class ConnectionGuard implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int perAddress;
    private final Duration maxAge;
    private final Scheduler scheduler;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    /** Open network connections: a closed channel no longer tells its remote address. */
    private final Map<Connection, Tracked> tracked = new ConcurrentHashMap<>();
    /** Addresses over their limit now: each is logged once until it falls below. */
    private final Set<InetAddress> overLimit = ConcurrentHashMap.newKeySet();
    private final LogThrottle tooOld = new LogThrottle(CertificateServer.LOG_INTERVAL);

    ConnectionGuard(int perAddress, Duration maxAge, Scheduler scheduler) {
        this.perAddress = perAddress;
        this.maxAge = maxAge;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = networkAddress(connection);
        if (address == null) {
            return;
        }
        int count = open.merge(address, 1, Integer::sum);
        if (count > perAddress) {
            tracked.put(connection, new Tracked(address, null));
            if (overLimit.add(address)) {
                LOG.warn("Closing connections from {}: more than {} at once", address.getHostAddress(), perAddress);
            }
            connection.getEndPoint().close();
            return;
        }
        tracked.put(connection, new Tracked(address, scheduler.schedule(() -> {
            long leftOut = tooOld.admit();
            if (leftOut >= 0) {
                LOG.info("Closing a connection from {} open longer than {} s{}", address.getHostAddress(),
                        maxAge.toSeconds(), LogThrottle.leftOut(leftOut));
            }
            connection.getEndPoint().close();
        }, maxAge)));
    }

    @Override
    public void onClosed(Connection connection) {
        Tracked closed = tracked.remove(connection);
        if (closed == null) {
            return;
        }
        if (closed.deadline() != null) {
            closed.deadline().cancel();
        }
        InetAddress address = closed.address();
        Integer left = open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        if (left == null || left <= perAddress) {
            overLimit.remove(address);
        }
    }

    private record Tracked(InetAddress address, Scheduler.Task deadline) {
    }

    private static InetAddress networkAddress(Connection connection) {
        if (connection.getEndPoint() instanceof SocketChannelEndPoint endPoint
                && endPoint.getRemoteSocketAddress() instanceof InetSocketAddress remote) {
            return remote.getAddress();
        }
        return null;
    }
}
