package io.kedge.dmigrpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Channels to the mappers' own DeviceMapperService sockets, one per address, made when first used.
 * They add one thread: a single epoll event loop for all of them; calls run on the caller's thread.
 */
final class MapperChannels implements AutoCloseable {
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("kedge-dmi-grpc-mappers", true), EpollIoHandler.newFactory());
    private final Map<String, ManagedChannel> byAddress = new ConcurrentHashMap<>();

    /** @param address a socket path, as mapper-framework gives it, with or without {@code unix://} */
    ManagedChannel to(String address) {
        String path = address.startsWith("unix://") ? address.substring(7)
                : address.startsWith("unix:") ? address.substring(5) : address;
        return byAddress.computeIfAbsent(path, a -> NettyChannelBuilder.forAddress(new DomainSocketAddress(a))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(loop)
                .directExecutor()
                .usePlaintext()
                .maxInboundMessageSize(4 * 1024 * 1024)
                .build());
    }

    @Override
    public void close() {
        byAddress.values().forEach(ManagedChannel::shutdownNow);
        byAddress.clear();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
