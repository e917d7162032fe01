package io.kedge.metamanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.bus.BusGroups;
import io.kedge.api.meta.MetaObject;
import io.kedge.protocol.Inventory;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the messages of bus group {@code meta}: object changes and the inventory query from the
 * cloud, queries from local modules. Never throws: the bus would drop the message without a word.
 */
final class MetaMessages {
    static final String SOURCE = "metamanager";
    private static final Logger LOG = LoggerFactory.getLogger(MetaMessages.class);

    private final ObjectStore store;
    private final ReplySink replies;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    MetaMessages(ObjectStore store, ReplySink replies) {
        this.store = store;
        this.replies = replies;
    }

    /**
     * Handles messages in order; each run of object changes among them is written to disk together
     * (one transaction, one sync) and then acknowledged.
     */
    void handleAll(List<Message> batch) {
        List<Message> run = new ArrayList<>();
        for (Message message : batch) {
            if (isObjectChange(message)) {
                run.add(message);
            } else {
                handleInOneWrite(run);
                run.clear();
                handle(message);
            }
        }
        handleInOneWrite(run);
    }

    private void handleInOneWrite(List<Message> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Message> stored = new ArrayList<>(changes.size());
        store.inOneWrite(() -> changes.forEach(change -> handle(change, stored)));
        stored.forEach(this::acknowledgeIfDurable);
    }

    void handle(Message message) {
        handle(message, null);
    }

    private static boolean isObjectChange(Message message) {
        return switch (message.operation()) {
            case Operations.INSERT, Operations.UPDATE, Operations.DELETE -> true;
            default -> false;
        };
    }

    /** @param stored when given, changes are collected here to be acknowledged later instead of now */
    private void handle(Message message, List<Message> stored) {
        try {
            switch (message.operation()) {
                case Operations.INSERT, Operations.UPDATE -> acknowledge(message, upsert(message), stored);
                case Operations.DELETE -> acknowledge(message, delete(message), stored);
                case Operations.QUERY -> query(message);
                case Operations.RESPONSE, Operations.ERROR ->
                        LOG.debug("Ignored {}: nobody here waits for it any more", message);
                default -> throw new RejectedMessage("operation '" + message.operation() + "' is not supported");
            }
        } catch (RejectedMessage e) {
            LOG.warn("Refused {} from {}: {}", message, message.route().source(), e.getMessage());
            reply(message, Message.errorTo(message, SOURCE, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Failed on {} from {}", message, message.route().source(), e);
            reply(message, Message.errorTo(message, SOURCE, "metamanager failed: " + e));
        }
    }

    private ObjectStore.Result upsert(Message message) throws RejectedMessage {
        ResourceKey key = ResourceKey.parse(message.resource());
        MetaObject object = ObjectDecoder.decode(key, message.header().resourceVersion(), message.content());
        return store.apply(object);
    }

    private ObjectStore.Result delete(Message message) throws RejectedMessage {
        ResourceKey key = ResourceKey.parse(message.resource());
        return store.delete(key.key(), ObjectDecoder.uidOf(message.content()));
    }

    /**
     * Acks only what is on disk: an unacknowledged change comes again, so nothing is lost to a bad
     * disk. Inside one write ({@code stored} given) the ack waits for the write's end.
     */
    private void acknowledge(Message message, ObjectStore.Result result, List<Message> stored) {
        LOG.debug("{}: {}", message, result);
        if (stored != null) {
            stored.add(message);
        } else if (result.durable()) {
            replies.send(BusGroups.HUB, Message.responseTo(message, SOURCE, null));
        }
    }

    private void acknowledgeIfDurable(Message message) {
        try {
            if (store.isDurable(ResourceKey.parse(message.resource()).key())) {
                replies.send(BusGroups.HUB, Message.responseTo(message, SOURCE, null));
            }
        } catch (RejectedMessage e) {
            LOG.debug("{} was refused already: {}", message, e.getMessage());
        }
    }

    private void query(Message message) throws RejectedMessage {
        String[] parts = message.resource().split("/", -1);
        if (!isLocalQuery(message)) {
            replies.send(BusGroups.HUB, Message.responseTo(message, SOURCE, inventory()));
        } else if (parts.length == 2) {
            List<MetaObject> found = store.list(parts[1], parts[0].isEmpty() ? null : parts[0]);
            ArrayNode items = json.arrayNode();
            found.forEach(o -> items.add(o.object()));
            answerLocally(message, json.objectNode().set("items", items));
        } else if (parts.length == 3) {
            JsonNode object = store.get(parts[0], parts[1], parts[2]).map(MetaObject::object)
                    .orElseThrow(() -> new RejectedMessage("not found: " + message.resource()));
            answerLocally(message, object);
        } else {
            throw new RejectedMessage("query resource must be namespace/type[/name], got '" + message.resource() + "'");
        }
    }

    private ObjectNode inventory() {
        List<MetaObject> held = store.all();
        List<Inventory.Entry> entries = new ArrayList<>(held.size());
        held.forEach(object -> entries.add(new Inventory.Entry(object.key(), object.uid(), object.resourceVersion())));
        return Inventory.answer(entries);
    }

    /** A local module waits in bus.request: the bus completes it by parent id, whatever the group. */
    private void answerLocally(Message request, JsonNode content) {
        replies.send(BusGroups.META, Message.responseTo(request, SOURCE, content));
    }

    private void reply(Message request, Message reply) {
        replies.send(isLocalQuery(request) ? BusGroups.META : BusGroups.HUB, reply);
    }

    /** Changes and the inventory query come from the cloud; other queries from modules of this node. */
    private static boolean isLocalQuery(Message message) {
        return Operations.QUERY.equals(message.operation()) && !Inventory.isQuery(message);
    }
}
