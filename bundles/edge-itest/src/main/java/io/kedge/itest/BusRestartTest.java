package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.bus.MessageBus;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Operations;
import io.kedge.testing.cloud.CloudConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** Every module depends on the bus: replacing it must take them down and bring them back. */
class BusRestartTest extends ConnectedNodeTest {
    private static final String NODE = "itest-bus-restart";

    private Bundle busBundle;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void findBus() {
        busBundle = node.bundle("io.kedge.bus");
    }

    @Test
    void edgeHubAndEdgedComeBackWithANewBus() throws Exception {
        MessageBus before = node.bus();
        CloudConnection first = cloud.connections().get(0);

        busBundle.stop();
        Poll.until("EdgeHub closing its session normally", () -> Integer.valueOf(1000).equals(first.closeCodeFromEdge()));
        assertThat(node.edgeHubActive()).isFalse();

        busBundle.start();
        Poll.until("a second connection", () -> cloud.connections().size() == 2);
        CloudConnection second = cloud.connections().get(1);
        Poll.until("EdgeHub's hub handler on the new bus",
                () -> node.hubStats().map(s -> s.handlerPresent()).orElse(false));
        assertThat(node.bus()).isNotSameAs(before);
        // a fresh Edged registers the node again, through the new bus and connection
        Poll.until("a node insert on the new connection", () -> second.received().stream()
                .anyMatch(m -> m.operation().equals(Operations.INSERT) && m.resource().equals("default/node/" + NODE)));
    }
}
