package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.itest.module.TestGroupHandler;
import io.kedge.itest.module.TestMetricsSource;
import io.kedge.itest.support.MetaServerHttp;
import io.kedge.itest.support.Poll;
import io.kedge.itest.support.CloudConnection;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
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

    @Test
    void aRouteOnceDeclaredOutlivesItsHandlerSoAStoppedModuleMissesNothing() throws Exception {
        Bundle metaManager = node.bundle("io.kedge.metamanager");
        CloudConnection link = cloud.connections().get(0);
        String namespace = "swap-" + Long.toHexString(System.nanoTime());
        Message before = pod(namespace, "before", "1");
        link.send(before);
        awaitAck(link, before);

        metaManager.stop();
        Message whileAway = pod(namespace, "while-away", "2");
        link.send(whileAway);
        Poll.until("the bus keeping the object for the absent MetaManager", () -> node.bus().stats().stream()
                .anyMatch(s -> s.group().equals("meta") && s.queued() > 0 && !s.handlerPresent()));
        metaManager.start();

        awaitAck(link, whileAway);
    }

    private static void awaitAck(CloudConnection link, Message request) {
        Message reply = Poll.valueOf("the edge's reply to " + request, Duration.ofSeconds(15),
                () -> link.answerTo(request.id()).orElse(null));
        assertThat(reply.operation()).as("reply to %s: %s", request, reply.content()).isEqualTo(Operations.ACK);
    }

    private static Message pod(String namespace, String name, String resourceVersion) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", "uid-" + name)
                .put("resourceVersion", resourceVersion);
        pod.putObject("spec").put("nodeName", NODE);
        return Message.create("edgecontroller", "resource", namespace + "/pod/" + name, Operations.INSERT, pod)
                .withResourceVersion(resourceVersion);
    }

    private TestGroupHandler handler() {
        ServiceReference<TestGroupHandler> reference = context.getServiceReference(TestGroupHandler.class);
        assertThat(reference).as("the test module's handler service").isNotNull();
        return context.getService(reference);
    }
}
