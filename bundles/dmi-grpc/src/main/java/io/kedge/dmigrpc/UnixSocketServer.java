package io.kedge.dmigrpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a unix socket. It adds one thread: a single epoll event loop accepts and does
 * the socket I/O; calls run on the executor given (the node's blocking pool). The socket file gets
 * mode 0600 (0660 with group access) right after it is bound; a folder it creates gets 0700, so
 * nobody else can reach the socket in the moment between the two.
 */
final class UnixSocketServer implements AutoCloseable {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_AND_GROUP = PosixFilePermissions.fromString("rw-rw----");

    /** sun_path holds 108 bytes with the terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;

    private final Path socket;
    private final EventLoopGroup loop;
    private final Server server;

    UnixSocketServer(Path socket, boolean groupAccess, int maxMessageBytes, Executor executor, BindableService service)
            throws IOException {
        this.socket = socket;
        prepare(socket);
        loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("kedge-dmi-grpc", true),
                EpollIoHandler.newFactory());
        server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(loop)
                .workerEventLoopGroup(loop)
                .executor(executor)
                .maxInboundMessageSize(maxMessageBytes)
                .maxInboundMetadataSize(16 * 1024)
                .addService(service)
                .build();
        try {
            server.start();
            Files.setPosixFilePermissions(socket, groupAccess ? OWNER_AND_GROUP : OWNER_ONLY);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    Path socket() {
        return socket;
    }

    /** Creates the folder (0700) if missing; removes a socket left by an earlier run, refuses to replace anything else. */
    private static void prepare(Path socket) throws IOException {
        int length = socket.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length > MAX_PATH_BYTES) {
            throw new IOException("socket path " + socket + " is " + length + " bytes, more than a unix socket takes ("
                    + MAX_PATH_BYTES + "): configure a shorter socket.path");
        }
        Path folder = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            Object kind = Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            boolean isSocket = kind instanceof Integer mode && (mode & 0170000) == 0140000;
            if (!isSocket) {
                throw new IOException(socket + " exists and is not a socket; not replacing it");
            }
            Files.delete(socket);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
