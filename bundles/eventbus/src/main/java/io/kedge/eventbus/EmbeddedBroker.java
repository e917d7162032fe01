package io.kedge.eventbus;

import io.kedge.api.mqtt.MqttPublisher;
import io.moquette.broker.ISslContextCreator;
import io.moquette.broker.RoutingResults;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Moquette broker. Every message a client publishes is copied out on Moquette's one
 * interceptor thread and handed to {@code inbound}; what the node publishes goes in without a
 * network round trip and reaches {@code inbound} too (as from {@link Inbound#SELF}), as an
 * external broker would echo it to Kedge's subscription.
 */
final class EmbeddedBroker implements BrokerLink {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    static final String PLAIN = "MQTT";
    static final String TLS = "MQTT TLS";
    private static final Pattern CANNOT_BIND = Pattern.compile("bind to port: (\\d+)");

    private final Server server = new Server();
    private final Consumer<Inbound> inbound;
    private final boolean plain;
    private final boolean tls;
    private int port = -1;
    private int tlsPort = -1;

    private EmbeddedBroker(Consumer<Inbound> inbound, boolean plain, boolean tls) {
        this.inbound = inbound;
        this.plain = plain;
        this.tls = tls;
    }

    /**
     * Starts the broker, or leaves nothing behind (no thread, no open store) when it cannot.
     *
     * @param authenticator null for anonymous clients
     * @param ssl           null without a TLS listener
     * @throws PortInUseException when a listener's port is held by someone else: a later try may work
     */
    static EmbeddedBroker start(Properties settings, int ioThreads, IAuthenticator authenticator, ISslContextCreator ssl,
            Consumer<Inbound> inbound) throws IOException {
        EmbeddedBroker broker = new EmbeddedBroker(inbound, !"disabled".equals(settings.getProperty("port")),
                settings.containsKey("ssl_port"));
        String host = settings.getProperty("host");
        // Moquette opens its store and threads before it binds, and logs a stack trace when that
        // fails: a quick look first keeps a retry every few seconds cheap and quiet
        if (broker.plain) {
            ensureFree(host, Integer.parseInt(settings.getProperty("port")), PLAIN);
        }
        if (broker.tls) {
            ensureFree(host, Integer.parseInt(settings.getProperty("ssl_port")), TLS);
        }
        try {
            NettyThreads.with(ioThreads, () -> {
                broker.server.startServer(new MemoryConfig(settings), List.of(broker.new Interceptor()), ssl,
                        authenticator, null);
                return null;
            });
            if (broker.plain) {
                broker.port = boundPort(broker.server::getPort);
            }
            if (broker.tls) {
                broker.tlsPort = boundPort(broker.server::getSslPort);
            }
        } catch (Exception e) {
            // a half-started Moquette holds its store (a file lock) and thread pools
            broker.server.stopServer();
            throw startFailure(e, settings);
        }
        // without sun.misc.Unsafe Netty falls back to slower buffers: worth a line when it happens
        LOG.info("MQTT broker on {} threads for the network; Netty {} sun.misc.Unsafe", ioThreads,
                io.netty.util.internal.PlatformDependent.hasUnsafe() ? "uses" : "cannot use");
        return broker;
    }

    private static void ensureFree(String host, int port, String listener) throws PortInUseException {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            // as Netty binds: SO_REUSEADDR, so a port whose last connections are in TIME_WAIT counts as free
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new PortInUseException(listener, port, e);
        }
    }

    /** Lost the race for a port after {@link #ensureFree}, or failed for another reason. */
    static IOException startFailure(Exception e, Properties settings) {
        boolean bind = false;
        int port = -1;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            bind |= cause instanceof BindException;
            // Moquette says which: "Cannot bind to port: 1883"
            Matcher said = CANNOT_BIND.matcher(String.valueOf(cause.getMessage()));
            if (said.find()) {
                port = Integer.parseInt(said.group(1));
            }
        }
        if (!bind) {
            return e instanceof IOException io ? io : new IOException("MQTT broker did not start: " + e.getMessage(), e);
        }
        boolean tls = port >= 0 && Integer.toString(port).equals(settings.getProperty("ssl_port"))
                && !Integer.toString(port).equals(settings.getProperty("port"));
        return new PortInUseException(tls ? TLS : PLAIN, port, e);
    }

    /**
     * Moquette learns the port it bound (0 asks for any free one) on its accept thread, a moment
     * after start returns; until then it answers 0. On a loaded gateway that moment took over 10 s.
     */
    private static int boundPort(IntSupplier read) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int bound;
        while ((bound = readPort(read)) == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the MQTT broker did not report the port it listens on");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return bound;
    }

    /** Moquette's accept thread writes the port into a plain HashMap while we read it: a clash means "not yet". */
    private static int readPort(IntSupplier read) {
        try {
            return read.getAsInt();
        } catch (ConcurrentModificationException writtenMeanwhile) {
            return 0;
        }
    }

    /** The plain MQTT port, -1 when disabled. */
    int port() {
        return port;
    }

    /** The MQTT over TLS port, -1 when disabled. */
    int tlsPort() {
        return tlsPort;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        MqttPublishMessage message = MqttMessageBuilders.publish()
                .topicName(topic)
                .retained(retain)
                .qos(MqttQoS.valueOf(qos))
                .payload(Unpooled.wrappedBuffer(payload))
                .build();
        RoutingResults routed;
        try {
            routed = server.internalPublish(message, Inbound.SELF);
        } catch (IllegalStateException stopped) {
            return CompletableFuture.failedFuture(new IOException("the MQTT broker is stopped", stopped));
        }
        inbound.accept(new Inbound(Inbound.SELF, topic, payload));
        if (routed.isAllFailed()) {
            return CompletableFuture.failedFuture(new IOException("the MQTT broker's session queues are full: " + routed));
        }
        return routed.completableFuture();
    }

    @Override
    public void subscribe(Set<String> filters) {
        // the interceptor sees every message; listeners are matched on our side
    }

    @Override
    public Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(MqttPublisher.MODE, "embedded");
        if (plain) {
            properties.put(MqttPublisher.PORT, port());
        }
        if (tls) {
            properties.put(MqttPublisher.TLS_PORT, tlsPort());
        }
        return properties;
    }

    /** Unbinds, stops the session loops and closes the store: sessions and queued messages are on disk. */
    @Override
    public void close() {
        server.stopServer();
    }

    /** Moquette calls it on its interceptor thread. Who publishes: any client the broker accepted. */
    private final class Interceptor extends AbstractInterceptHandler {
        @Override
        public String getID() {
            return "kedge-eventbus";
        }

        @Override
        public Class<?>[] getInterceptedMessageTypes() {
            return new Class<?>[] {InterceptPublishMessage.class, InterceptConnectMessage.class};
        }

        @Override
        public void onConnect(InterceptConnectMessage msg) {
            LOG.debug("MQTT client '{}' connected", msg.getClientID());
        }

        @Override
        public void onPublish(InterceptPublishMessage msg) {
            ByteBuf payload = msg.getPayload();
            try {
                inbound.accept(new Inbound(msg.getClientID(), msg.getTopicName(), ByteBufUtil.getBytes(payload)));
            } finally {
                payload.release();
            }
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            LOG.warn("MQTT broker session loop failed", error);
        }
    }
}
