package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the cloud sends before a module declared its group waits for that module, in order, bounded. */
class UnroutedMessagesTest {
    private final UnroutedMessages unrouted = new UnroutedMessages(3);
    private final Map<String, String> routes = new HashMap<>();

    private static Message message(String group, String resource) {
        return Message.create("cloud", group, resource, Operations.QUERY, null);
    }

    private java.util.List<String> release() {
        return unrouted.release(group -> Optional.ofNullable(routes.get(group))).stream()
                .map(routed -> routed.busGroup() + " " + routed.message().resource()).toList();
    }

    @Test
    void heldMessagesGoToTheirModuleInOrderOnceItDeclaresTheirGroup() {
        unrouted.hold(message("resource", "default/inventory/n1"));
        unrouted.hold(message("twin", "plant/device/d1"));
        unrouted.hold(message("resource", "plant/pod/p1"));
        assertThat(release()).isEmpty();

        routes.put("resource", "meta");

        assertThat(release()).containsExactly("meta default/inventory/n1", "meta plant/pod/p1");
        assertThat(unrouted.holdsGroup("resource")).isFalse();
        assertThat(unrouted.holdsGroup("twin")).isTrue();
        assertThat(unrouted.size()).isEqualTo(1);
    }

    @Test
    void beyondItsLimitTheOldestIsDropped() {
        for (int i = 0; i < 5; i++) {
            unrouted.hold(message("resource", "plant/pod/p" + i));
        }
        routes.put("resource", "meta");

        assertThat(release()).containsExactly("meta plant/pod/p2", "meta plant/pod/p3", "meta plant/pod/p4");
    }

    @Test
    void anEndedSessionHoldsNothing() {
        unrouted.hold(message("resource", "default/inventory/n1"));

        unrouted.clear();
        routes.put("resource", "meta");

        assertThat(release()).isEmpty();
        assertThat(unrouted.holdsGroup("resource")).isFalse();
    }
}
