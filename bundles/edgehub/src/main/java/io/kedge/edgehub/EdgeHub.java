package io.kedge.edgehub;

import io.kedge.api.bus.MessageBus;
import io.kedge.protocol.MessageCodec;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * EdgeHub: keeps this node connected to CloudHub at {@code {cloud}/{project}/{node}/events}. A
 * configuration change restarts the component and so reconnects with the new settings. Its settings
 * come from two configurations: the node's identity ({@code io.kedge.node}, owned by Edged) and its
 * own ({@code io.kedge.edgehub}, described by {@link EdgeHubConfiguration}'s metatype).
 */
@Component(service = EdgeHub.class, immediate = true,
        configurationPid = {"io.kedge.node", "io.kedge.edgehub"}, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class EdgeHub {
    private final CloudLink link;
    private final ScheduledExecutorService scheduler;

    @Activate
    public EdgeHub(BundleContext context, EdgeHubConfiguration config, NodeIdentity node, @Reference MessageBus bus) {
        String nodeName = node.node_name();
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("io.kedge.node has no node.name: EdgeHub cannot connect");
        }
        URI uri = eventsUri(config.cloud_url(), config.project_id(), nodeName);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kedge-edgehub");
            thread.setDaemon(true);
            return thread;
        });
        Backoff backoff = new Backoff(config.reconnect_min_millis(), config.reconnect_max_millis(),
                bound -> ThreadLocalRandom.current().nextLong(bound + 1));
        link = new CloudLink(uri, nodeName, config.project_id(), Duration.ofSeconds(config.heartbeat_seconds()), bus,
                context, new MessageCodec(config.max_frame_bytes()), backoff, scheduler);
        link.start();
    }

    @Deactivate
    void deactivate() {
        link.close();
        scheduler.shutdownNow();
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    static URI eventsUri(String cloudUrl, String projectId, String nodeName) {
        String base = cloudUrl.trim();
        if (!base.contains("://")) {
            base = "ws://" + base;
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri = URI.create(base + "/" + projectId + "/" + nodeName + "/events");
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("cloud.url must be ws:// or wss://, got " + cloudUrl);
        }
        if (uri.getPort() == -1) {
            uri = URI.create(uri.getScheme() + "://" + uri.getHost() + ":10000" + uri.getRawPath());
        }
        return uri;
    }
}
