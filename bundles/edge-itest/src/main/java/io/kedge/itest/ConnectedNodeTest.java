package io.kedge.itest;

import io.kedge.itest.support.EdgeNode;
import io.kedge.testing.cloud.FakeCloud;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Each test gets a fake cloud and an edge node configured to connect to it; afterwards every
 * bundle a test stopped is started again, so one failing test does not break the next.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
abstract class ConnectedNodeTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    FakeCloud cloud;
    EdgeNode node;

    /** The node's name; distinct per test class so Kubernetes-like state never leaks between them. */
    abstract String nodeName();

    /** Extra io.kedge.edgehub settings for this test class. */
    Map<String, Object> edgeHubSettings() {
        return Map.of();
    }

    /** Extra io.kedge.node settings for this test class (the node runs no pods unless it names a runtime). */
    Map<String, Object> nodeSettings() {
        return Map.of();
    }

    @BeforeEach
    void connect() throws Exception {
        cloud = FakeCloud.start();
        node = EdgeNode.connect(context, configAdmin, nodeName(), cloud, edgeHubSettings(), nodeSettings());
    }

    @AfterEach
    void disconnect() throws Exception {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.RESOLVED && bundle.getHeaders().get("Fragment-Host") == null) {
                bundle.start();
            }
        }
        node.close();
        cloud.close();
    }
}
