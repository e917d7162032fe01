package io.kedge.edgehub;

import io.kedge.api.node.NodeDataDirectory;
import io.kedge.api.node.NodeIdentity;
import io.kedge.api.node.NodeIdentityListener;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link NodeIdentity}, owner of {@code io.kedge.node}'s {@code node.name} and
 * {@code data.dir}. It holds the TLS material; {@link EdgeHub}, which knows the cloud, fills it:
 * its {@link NodeCertificates} join and renew through {@link #tls()} (hence the second service
 * name, seen only inside this bundle). The material outlives EdgeHub restarts.
 */
@Component(service = {NodeIdentity.class, NodeIdentityProvider.class}, configurationPid = "io.kedge.node",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NodeIdentityConfiguration.class)
public class NodeIdentityProvider implements NodeIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(NodeIdentityProvider.class);

    private final String nodeName;
    private final Path dataDirectory;
    private final Clock clock;
    private final NodeTls tls;
    private final List<NodeIdentityListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public NodeIdentityProvider(BundleContext context, NodeIdentityConfiguration config) {
        this(config.node_name(), dataDirectory(config.data_dir(), context), Clock.systemUTC());
    }

    NodeIdentityProvider(String nodeName, Path dataDirectory, Clock clock) {
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("io.kedge.node has no node.name: the node has no identity");
        }
        this.nodeName = nodeName.trim();
        this.dataDirectory = dataDirectory;
        this.clock = clock;
        this.tls = new NodeTls(clock, this::announce);
    }

    /** {@code data.dir}, else {@link NodeDataDirectory}'s rule. */
    static Path dataDirectory(String configured, BundleContext context) {
        return configured == null || configured.isBlank() ? NodeDataDirectory.of(context) : Path.of(configured.trim());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(NodeIdentityListener listener) {
        listeners.add(listener);
    }

    void removeListener(NodeIdentityListener listener) {
        listeners.remove(listener);
    }

    /** The clock the key manager judges expiry by; certificate work must use the same. */
    Clock clock() {
        return clock;
    }

    /** The material {@link NodeCertificates} fills. */
    NodeTls tls() {
        return tls;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public X509KeyManager keyManager() {
        return tls.keyManager();
    }

    @Override
    public X509TrustManager trustManager() {
        return tls.trustManager();
    }

    @Override
    public SSLContext sslContext() {
        return tls.context();
    }

    @Override
    public Optional<X509Certificate> certificate() {
        return tls.presentedCertificate();
    }

    /** One listener's failure must not keep the others, or the renewal, from going on. */
    private void announce(X509Certificate certificate) {
        for (NodeIdentityListener listener : listeners) {
            try {
                listener.certificateChanged(certificate);
            } catch (RuntimeException e) {
                LOG.error("A NodeIdentityListener failed on the node's new certificate", e);
            }
        }
    }
}
