package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.itest.module.TestGroupHandler;
import io.kedge.itest.module.TestMetricsSource;
import io.kedge.itest.support.MetaServerHttp;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Message;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

/**
 * A new module is a local change: the test bundle's own components declare a cloud group
 * ({@code @CloudGroups}) and a metrics source, and the node's existing bundles serve them as they
 * are.
 */
class ModuleDeclarationTest extends ConnectedNodeTest {
    private static final String NODE = "itest-module-declaration";

    @Override
    String nodeName() {
        return NODE;
    }

    @Test
    void aHandlerDeclaringANewCloudGroupReceivesWhatTheCloudSendsToIt() {
        TestGroupHandler handler = handler();
        int before = handler.received().size();

        for (int i = 0; i < 3; i++) {
            cloud.connections().get(0).send(Message.create("itest-cloud", TestGroupHandler.CLOUD_GROUP,
                    "default/probe/p" + i, "update", TextNode.valueOf("hello " + i)));
        }

        Poll.until("the test module receiving the cloud's three messages",
                () -> handler.received().size() == before + 3);
        List<Message> received = handler.received().subList(before, before + 3);
        assertThat(received).extracting(Message::resource)
                .containsExactly("default/probe/p0", "default/probe/p1", "default/probe/p2");
        assertThat(received).extracting(Message::group).containsOnly(TestGroupHandler.CLOUD_GROUP);
    }

    @Test
    void aRegisteredMetricsSourceShowsOnTheNodesMetrics() {
        MetaServerHttp metaServer = new MetaServerHttp(context, configAdmin);

        metaServer.awaitMetric("the test module's figure", TestMetricsSource.NAME, TestMetricsSource.VALUE);
        assertThat(metaServer.metric("kedge_meta_applied_total")).isPresent();
    }

    private TestGroupHandler handler() {
        ServiceReference<TestGroupHandler> reference = context.getServiceReference(TestGroupHandler.class);
        assertThat(reference).as("the test module's handler service").isNotNull();
        return context.getService(reference);
    }
}
