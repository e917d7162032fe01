package io.kedge.edgehub;

import io.kedge.protocol.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages of one cloud session whose envelope group no module has declared yet: a node connects
 * while its modules are still starting, and the cloud does not ask its inventory query twice. They
 * are passed on, in the order they came, once a module declares their group; at most {@code limit}
 * are held (beyond, the oldest is dropped unacknowledged and the cloud sends it again). Not
 * thread-safe: the link guards it.
 */
final class UnroutedMessages {
    private static final Logger LOG = LoggerFactory.getLogger(UnroutedMessages.class);

    record Routed(String busGroup, Message message) {
    }

    private final int limit;
    private final Deque<Message> held = new ArrayDeque<>();
    private final Set<String> heldGroups = new HashSet<>();

    UnroutedMessages(int limit) {
        this.limit = limit;
    }

    boolean holdsGroup(String envelopeGroup) {
        return heldGroups.contains(envelopeGroup);
    }

    void hold(Message message) {
        if (heldGroups.add(message.group())) {
            LOG.info("Holding messages of group '{}' from the cloud until a module declares it", message.group());
        }
        if (held.size() >= limit) {
            LOG.warn("Dropped {} from the cloud: {} messages already wait for their module", held.peekFirst(), limit);
            held.removeFirst();
        }
        held.addLast(message);
    }

    /** Takes out, oldest first, the held messages whose group {@code route} now knows. */
    List<Routed> release(Function<String, Optional<String>> route) {
        List<Routed> routed = new ArrayList<>();
        Set<String> stillHeld = new HashSet<>();
        for (Iterator<Message> it = held.iterator(); it.hasNext(); ) {
            Message message = it.next();
            Optional<String> busGroup = route.apply(message.group());
            if (busGroup.isPresent()) {
                routed.add(new Routed(busGroup.get(), message));
                it.remove();
            } else {
                stillHeld.add(message.group());
            }
        }
        heldGroups.retainAll(stillHeld);
        return routed;
    }

    /** The session ended: the cloud asks and sends again on the next one. */
    void clear() {
        held.clear();
        heldGroups.clear();
    }

    int size() {
        return held.size();
    }
}
