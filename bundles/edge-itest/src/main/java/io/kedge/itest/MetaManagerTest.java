package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Acks;
import io.kedge.protocol.Inventory;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.testing.cloud.CloudConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/** MetaManager in the real node: objects from the cloud are stored, acknowledged and survive a restart. */
class MetaManagerTest extends ConnectedNodeTest {
    private static final String NODE = "itest-meta";
    private static final String BSN = "io.kedge.metamanager";
    /** The store outlives test methods (it is the bundle's data area): each test uses its own namespace. */
    private final String namespace = "ns-" + Long.toHexString(System.nanoTime());

    @Override
    String nodeName() {
        return NODE;
    }

    @Test
    void insertsUpdatesAndDeletesAreStoredThenAcknowledged() {
        CloudConnection link = cloud.connections().get(0);
        Message insert = objectMessage(Operations.INSERT, "web", "u1", "10");
        Message update = objectMessage(Operations.UPDATE, "web", "u1", "11");
        Message other = objectMessage(Operations.INSERT, "db", "u2", "12");
        Message delete = Message.create("edgecontroller", "resource", namespace + "/pod/db", Operations.DELETE, null);

        link.send(insert);
        awaitAck(link, insert);
        assertThat(store().get(namespace, "pod", "web")).map(MetaObject::resourceVersion).contains("10");

        link.send(update);
        link.send(other);
        link.send(delete);
        awaitAck(link, update);
        awaitAck(link, other);
        awaitAck(link, delete);
        assertThat(store().list("pod", namespace)).extracting(o -> o.name() + "@" + o.resourceVersion())
                .containsExactly("web@11");
    }

    @Test
    void aBatchFrameIsAppliedInOrderAndEveryMessageAcknowledged() throws Exception {
        CloudConnection link = cloud.connections().get(0);
        Message insert = objectMessage(Operations.INSERT, "batch-a", "ub1", "20");
        Message update = objectMessage(Operations.UPDATE, "batch-a", "ub1", "21");
        Message other = objectMessage(Operations.INSERT, "batch-b", "ub2", "22");
        Message broken = Message.create("edgecontroller", "resource", namespace + "/pod/batch-c", Operations.INSERT,
                JsonNodeFactory.instance.textNode("not an object"));
        MessageCodec codec = new MessageCodec();
        List<String> encoded = new ArrayList<>();
        for (Message message : List.of(insert, update, other, broken)) {
            encoded.add(codec.encode(message));
        }

        link.sendText(MessageCodec.frameOf(encoded));

        awaitAck(link, insert);
        awaitAck(link, update);
        awaitAck(link, other);
        assertThat(awaitReply(link, broken).operation()).isEqualTo(Operations.ERROR);
        assertThat(store().list("pod", namespace)).extracting(o -> o.name() + "@" + o.resourceVersion())
                .containsExactly("batch-a@21", "batch-b@22");
    }

    @Test
    void aBurstOfObjectsIsAcknowledgedOnceEachInFewerMessages() throws Exception {
        CloudConnection link = cloud.connections().get(0);
        MessageCodec codec = new MessageCodec();
        List<String> sentIds = new ArrayList<>();
        for (int frame = 0; frame < 4; frame++) {
            List<String> encoded = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Message insert = objectMessage(Operations.INSERT, "burst-" + frame + "-" + i, "ub-" + frame + "-" + i, "5");
                sentIds.add(insert.id());
                encoded.add(codec.encode(insert));
            }
            link.sendText(MessageCodec.frameOf(encoded));
        }

        Poll.until("every object acknowledged", () -> sentIds.stream().allMatch(id -> link.answerTo(id).isPresent()));
        List<String> ackedIds = new ArrayList<>();
        long acks = 0;
        for (Message message : link.received()) {
            if (Operations.ACK.equals(message.operation())) {
                acks++;
                ackedIds.addAll(Acks.ids(message));
            }
        }
        assertThat(ackedIds).as("each acknowledged once").doesNotHaveDuplicates().containsAll(sentIds);
        assertThat(acks).as("acks folded together").isLessThan(sentIds.size());
        assertThat(store().list("pod", namespace)).hasSize(sentIds.size());
    }

    @Test
    void aRestartedMetaManagerStillHoldsTheObjectsAndReplaysThemToListeners() throws Exception {
        CloudConnection link = cloud.connections().get(0);
        Message first = objectMessage(Operations.INSERT, "a", "u1", "1");
        Message second = objectMessage(Operations.INSERT, "b", "u2", "1");
        link.send(first);
        link.send(second);
        awaitAck(link, first);
        awaitAck(link, second);
        long revisionBefore = store().revision();

        Bundle metaManager = node.bundle(BSN);
        metaManager.stop();
        metaManager.start();

        assertThat(store().list("pod", namespace)).extracting(MetaObject::name).containsExactly("a", "b");
        assertThat(store().revision()).isEqualTo(revisionBefore);
        List<MetaEvent> seen = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(MetaListener.TYPES, new String[] {"pod"});
        ServiceRegistration<MetaListener> listener =
                context.registerService(MetaListener.class, seen::add, properties);
        try {
            Poll.until("the replay of both pods", () -> ofNamespace(seen).size() == 2);
            assertThat(ofNamespace(seen)).extracting(e -> e.kind() + " " + e.object().name())
                    .containsExactly("ADDED a", "ADDED b");

            Message change = objectMessage(Operations.UPDATE, "a", "u1", "2");
            link.send(change);
            Poll.until("the live change after the replay", () -> ofNamespace(seen).size() == 3);
            assertThat(ofNamespace(seen).get(2).kind()).isEqualTo(MetaEvent.Kind.MODIFIED);
            assertThat(ofNamespace(seen).get(2).revision()).isGreaterThan(revisionBefore);
        } finally {
            listener.unregister();
        }
    }

    @Test
    void theInventoryQueryIsAnsweredWithEveryHeldObject() throws Exception {
        CloudConnection link = cloud.connections().get(0);
        Message insert = objectMessage(Operations.INSERT, "inv", "uid-inv", "42");
        link.send(insert);
        awaitAck(link, insert);

        Message query = Inventory.query("edgecontroller", NODE);
        link.send(query);

        Message answer = awaitReply(link, query);
        assertThat(answer.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(Inventory.decode(answer.content(), Integer.MAX_VALUE).entries())
                .contains(new Inventory.Entry(namespace + "/pod/inv", "uid-inv", "42"));
    }

    @Test
    void aMessageThatCannotBeAppliedGetsAnErrorReply() {
        CloudConnection link = cloud.connections().get(0);
        Message bad = Message.create("edgecontroller", "resource", namespace + "/pod/x", Operations.INSERT,
                JsonNodeFactory.instance.textNode("not an object"));

        link.send(bad);

        Message answer = awaitReply(link, bad);
        assertThat(answer.operation()).isEqualTo(Operations.ERROR);
        assertThat(store().get(namespace, "pod", "x")).isEmpty();
    }

    private Message objectMessage(String operation, String name, String uid, String resourceVersion) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", name).put("namespace", namespace).put("uid", uid)
                .put("resourceVersion", resourceVersion);
        pod.putObject("spec").put("nodeName", NODE);
        return Message.create("edgecontroller", "resource", namespace + "/pod/" + name, operation, pod)
                .withResourceVersion(resourceVersion);
    }

    private List<MetaEvent> ofNamespace(List<MetaEvent> events) {
        return events.stream().filter(e -> e.object().namespace().equals(namespace)).toList();
    }

    /** The MetaStore registered now (a restarted bundle registers a new one). */
    private MetaStore store() {
        return Poll.valueOf("a MetaStore service", Poll.DEFAULT_TIMEOUT, () -> {
            ServiceReference<MetaStore> reference = context.getServiceReference(MetaStore.class);
            return reference == null ? null : context.getService(reference);
        });
    }

    /** Stored: EdgeHub folds MetaManager's empty responses into an ack. */
    private static void awaitAck(CloudConnection link, Message request) {
        Message reply = awaitReply(link, request);
        assertThat(reply.operation()).as("reply to %s: %s", request, reply.content()).isEqualTo(Operations.ACK);
    }

    private static Message awaitReply(CloudConnection link, Message request) {
        return Poll.valueOf("the edge's reply to " + request, Duration.ofSeconds(10),
                () -> link.answerTo(request.id()).orElse(null));
    }
}
