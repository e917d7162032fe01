package io.kedge.mapperdeploy;

import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.mapper.MapperBundle;
import io.kedge.protocol.mapper.MapperBundleResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the cloud's {@link MapperBundle} requests off the bus and installs them one at a time.
 *
 * <p>Who may send: only the cloud, over this node's own authenticated session (EdgeHub routes group
 * {@code mapper} from the cloud link, which presents the node's certificate and checks the cloud's
 * CA; nothing on the node's MQTT or HTTP side reaches this group). What it may touch: the bundles at
 * {@code kedge-mapper:*} locations and {@code DIR/mapper-deploy}; never another bundle
 * ({@link MapperInstaller}). A request is believed only after its checks: a content that is no
 * request, a resource that names another mapper than the content, a jar beyond
 * {@link MapperBundle#MAX_BUNDLE_BYTES} are dropped with a log line; a digest that does not match
 * the bytes is answered {@code failed} before the bytes are read as a jar.
 *
 * <p>A {@code delete} ({@link MapperBundle#removal}) removes the mapper this node installed under
 * that name, and nothing else; it is not answered.
 *
 * <p>Requests queue per mapper name: a newer request for a mapper replaces one still waiting, and at
 * most {@link #MAX_WAITING} mappers wait at once (beyond, the request is dropped; the cloud asks
 * again when no answer comes).
 */
final class MapperBundleHandler {
    static final int MAX_WAITING = 64;
    private static final Logger LOG = LoggerFactory.getLogger(MapperBundleHandler.class);

    private final Executor serial;
    private final Function<MapperBundle, MapperBundleResult> installer;
    private final Consumer<MapperBundleResult> reporter;
    private final Consumer<String> remover;
    /** Per mapper name, the request waiting: a bundle to install, or empty to remove the mapper. */
    private final Map<String, Optional<MapperBundle>> waiting = new LinkedHashMap<>();

    /**
     * @param serial    runs the installs, one at a time
     * @param installer installs one request and answers it
     * @param reporter  sends the answer to the cloud
     * @param remover   removes the mapper of a name
     */
    MapperBundleHandler(Executor serial, Function<MapperBundle, MapperBundleResult> installer,
            Consumer<MapperBundleResult> reporter, Consumer<String> remover) {
        this.serial = serial;
        this.installer = installer;
        this.reporter = reporter;
        this.remover = remover;
    }

    /** @return whether the message was queued for installing */
    boolean handle(Message message) {
        if (Operations.DELETE.equals(message.operation())) {
            try {
                return queue(MapperBundle.parseRemoval(message), Optional.empty());
            } catch (ProtocolException e) {
                LOG.warn("Dropped a mapper removal from the cloud ({}): {}", message, e.getMessage());
                return false;
            }
        }
        if (!Operations.UPDATE.equals(message.operation()) && !Operations.INSERT.equals(message.operation())) {
            LOG.warn("Ignoring {} from the cloud: mapper bundles come as update, insert or delete", message);
            return false;
        }
        MapperBundle request;
        try {
            request = MapperBundle.parse(message.content());
        } catch (ProtocolException e) {
            LOG.warn("Dropped a mapper bundle from the cloud ({}): {}", message, e.getMessage());
            return false;
        }
        if (!MapperBundle.resource(request.name()).equals(message.resource())) {
            LOG.warn("Dropped {}: its resource {} names another mapper", request, message.resource());
            return false;
        }
        return queue(request.name(), Optional.of(request));
    }

    private boolean queue(String name, Optional<MapperBundle> request) {
        synchronized (waiting) {
            if (!waiting.containsKey(name) && waiting.size() >= MAX_WAITING) {
                LOG.warn("Dropped a request about mapper {}: {} mappers wait already", name, MAX_WAITING);
                return false;
            }
            if (waiting.put(name, request) != null) {
                return true; // the task queued for the older request carries out this one
            }
        }
        serial.execute(() -> runNext(name));
        return true;
    }

    private void runNext(String name) {
        Optional<MapperBundle> request;
        synchronized (waiting) {
            request = waiting.remove(name);
        }
        if (request == null) {
            return;
        }
        if (request.isPresent()) {
            reporter.accept(installer.apply(request.get()));
        } else {
            remover.accept(name);
        }
    }
}
