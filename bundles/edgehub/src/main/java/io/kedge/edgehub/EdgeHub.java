package io.kedge.edgehub;

import io.kedge.api.bus.MessageBus;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.node.NodeIdentity;
import io.kedge.protocol.MessageCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EdgeHub: keeps this node connected to CloudHub at {@code {cloud}/{project}/{node}/events}. A
 * configuration change restarts the component and so reconnects with the new settings. The node's
 * name and data folder come from the {@link NodeIdentityProvider} service, the rest from its own
 * configuration ({@code io.kedge.edgehub}, described by {@link EdgeHubConfiguration}'s metatype).
 *
 * <p>Over {@code wss://} the node authenticates with its own client certificate, which
 * {@link NodeCertificates} obtains with the join token and renews into the identity's TLS material;
 * the link starts once the node has one. {@code ws://} is the unencrypted exception for a cloud started with {@code --insecure}.
 */
@Component(service = EdgeHub.class, immediate = true,
        configurationPid = "io.kedge.edgehub", configurationPolicy = ConfigurationPolicy.REQUIRE)
public class EdgeHub {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeHub.class);
    /** A refused join or renewal is retried this rarely: the fix is a configuration edit, which restarts us anyway. */
    private static final Duration REFUSED_RETRY = Duration.ofMinutes(10);
    private static final int HUB_PORT = 10000;

    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;
    private final CloudLink link;
    private final Optional<NodeCertificates> certificates;

    /** Where versions before join.token kept the token; never read, only warned about. */
    static final String LEGACY_TOKEN_PROPERTY = ".token";

    @Activate
    public EdgeHub(BundleContext context, EdgeHubConfiguration config, Map<String, Object> properties,
            @Reference NodeIdentityProvider identity, @Reference MessageBus bus, @Reference CloudRoutes routes,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) {
        String nodeName = identity.nodeName();
        if (properties.containsKey(LEGACY_TOKEN_PROPERTY)) {
            LOG.warn("io.kedge.edgehub holds a '{}' property: a join token in a configuration file stays readable "
                    + "after the join, so it is ignored. Remove it; run `kedge edge join --token ...` instead.",
                    LEGACY_TOKEN_PROPERTY);
        }
        URI uri = eventsUri(config.cloud_url(), config.project_id(), nodeName);
        scheduler = executors.newSerialExecutor("link");
        // The HttpClient completes sends on this executor: it must not be the scheduler (see CloudLink).
        io = executors.blocking();
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(io);
        MessageCodec codec = new MessageCodec(config.max_frame_bytes());
        Duration heartbeat = Duration.ofSeconds(config.heartbeat_seconds());

        if ("ws".equals(uri.getScheme())) {
            LOG.warn("The link to {} is unencrypted and unauthenticated: the cloud must run with --insecure. "
                    + "Use wss:// and a join token outside a lab.", uri);
            link = new CloudLink(uri, nodeName, config.project_id(), heartbeat, bus, context, codec, backoff(config),
                    scheduler, http.build(), routes);
            certificates = Optional.empty();
            link.start();
            return;
        }
        NodeTls tls = identity.tls();
        HttpClient client = http.sslContext(tls.context()).build();
        link = new CloudLink(uri, nodeName, config.project_id(), heartbeat, bus, context, codec, backoff(config),
                scheduler, client, routes);
        Path certificatesDirectory = certificatesDirectory(config, identity);
        NodeCertificates.Settings settings = new NodeCertificates.Settings(nodeName,
                JoinTokenFile.in(certificatesDirectory), config.renew_fraction(), REFUSED_RETRY);
        CertificateServerClient server = new CertificateServerClient(certificateServerUri(config.cert_url(), uri),
                nodeName, tls.context(), io);
        certificates = Optional.of(new NodeCertificates(settings, new CertificateFiles(certificatesDirectory), server,
                tls, backoff(config), identity.clock(), link::start, executors.newSerialExecutor("certificates")));
        certificates.get().start();
    }

    @Deactivate
    void deactivate() {
        certificates.ifPresent(NodeCertificates::close);
        link.close();
        scheduler.shutdownNow();
        io.shutdownNow();
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    static URI eventsUri(String cloudUrl, String projectId, String nodeName) {
        String base = cloudUrl.trim();
        if (!base.contains("://")) {
            base = "wss://" + base;
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri = URI.create(base + "/" + projectId + "/" + nodeName + "/events");
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("cloud.url must be ws:// or wss://, got " + cloudUrl);
        }
        if (uri.getPort() == -1) {
            uri = URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + HUB_PORT + uri.getRawPath());
        }
        return uri;
    }

    /** {@code cert.url}, or the cloud's host on the certificate port; always https, as it carries the token. */
    static URI certificateServerUri(String certUrl, URI events) {
        String value = certUrl == null ? "" : certUrl.trim().replaceAll("/+$", "");
        if (value.isEmpty()) {
            return URI.create("https://" + events.getHost() + ":" + CertificateServerClient.DEFAULT_PORT);
        }
        if (!value.contains("://")) {
            value = "https://" + value;
        }
        URI uri = URI.create(value);
        if (!"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("cert.url must be https://, got " + certUrl);
        }
        if (uri.getPort() == -1) {
            int port = CertificateServerClient.DEFAULT_PORT;
            uri = URI.create("https://" + uri.getHost() + ":" + port + uri.getRawPath());
        }
        return uri;
    }

    /** {@code certs.dir}, else {@code certs} in the node's data folder. */
    static Path certificatesDirectory(EdgeHubConfiguration config, NodeIdentity identity) {
        if (!config.certs_dir().isBlank()) {
            return Path.of(config.certs_dir().trim());
        }
        return identity.dataDirectory().resolve("certs");
    }

    private static Backoff backoff(EdgeHubConfiguration config) {
        return new Backoff(config.reconnect_min_millis(), config.reconnect_max_millis(),
                bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }
}
