package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.bus.MessageBus;
import io.kedge.itest.support.CloudConnection;
import io.kedge.itest.support.EdgeNode;
import io.kedge.itest.support.FakeCloud;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Operations;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** Every module depends on the bus: replacing it must take them down and bring them back. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class BusRestartTest {
    private static final String NODE = "itest-bus-restart";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    private FakeCloud cloud;
    private EdgeNode node;
    private Bundle busBundle;

    @BeforeEach
    void connect() throws Exception {
        cloud = FakeCloud.start();
        node = EdgeNode.connect(context, configAdmin, NODE, cloud, Map.of());
        busBundle = node.bundle("io.kedge.bus");
    }

    @AfterEach
    void disconnect() throws Exception {
        busBundle.start(); // no-op unless a test failed while it was stopped
        node.close();
        cloud.close();
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
