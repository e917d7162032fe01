package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.api.bus.BusGroups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaMessagesTest {
    @TempDir
    Path dir;

    record Sent(String group, Message message) {
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    ObjectStore store;
    MetaMessages messages;

    @BeforeEach
    void open() {
        store = new ObjectStore(dir.resolve("meta.db"), 1_000, Duration.ofSeconds(10), events -> { });
        messages = new MetaMessages(store, (group, message) -> sent.add(new Sent(group, message)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Message fromCloud(String operation, String resource, JsonNode content) {
        return Message.create("edgecontroller", "resource", resource, operation, content);
    }

    static JsonNode pod(String namespace, String name, String uid, String version) {
        return TestObjects.json("Pod", namespace, name, uid, version);
    }

    @Test
    void eachChangeIsStoredThenAcknowledgedToTheCloud() {
        Message insert = fromCloud(Operations.INSERT, "ns/pod/web", pod("ns", "web", "u1", "1"));
        Message update = fromCloud(Operations.UPDATE, "ns/pod/web", pod("ns", "web", "u1", "2"));
        Message delete = fromCloud(Operations.DELETE, "ns/pod/web", NullNode.getInstance());

        messages.handle(insert);
        assertThat(store.get("ns", "pod", "web")).isPresent();
        messages.handle(update);
        messages.handle(delete);

        assertThat(store.get("ns", "pod", "web")).isEmpty();
        assertThat(sent).extracting(Sent::group).containsOnly(BusGroups.HUB);
        assertThat(sent).extracting(s -> s.message().operation()).containsOnly(Operations.RESPONSE);
        assertThat(sent).extracting(s -> s.message().parentId()).containsExactly(insert.id(), update.id(), delete.id());
        assertThat(sent.get(0).message().route().group()).isEqualTo("resource");
    }

    @Test
    void aBatchIsWrittenTogetherAndAQueryInItSeesWhatCameBefore() throws Exception {
        Message a = fromCloud(Operations.INSERT, "ns/pod/a", pod("ns", "a", "ua", "1"));
        Message b = fromCloud(Operations.INSERT, "ns/pod/b", pod("ns", "b", "ub", "2"));
        Message bad = fromCloud(Operations.INSERT, "ns/pod/x", TextNode.valueOf("not an object"));
        Message inventory = fromCloud(Operations.QUERY, "default/inventory/edge-1", NullNode.getInstance());
        Message c = fromCloud(Operations.INSERT, "ns/pod/c", pod("ns", "c", "uc", "3"));

        messages.handleAll(List.of(a, b, bad, inventory, c));

        assertThat(answerTo(a).operation()).isEqualTo(Operations.RESPONSE);
        assertThat(answerTo(b).operation()).isEqualTo(Operations.RESPONSE);
        assertThat(answerTo(bad).operation()).isEqualTo(Operations.ERROR);
        assertThat(answerTo(c).operation()).isEqualTo(Operations.RESPONSE);
        assertThat(answerTo(inventory).content().path("objects")).extracting(o -> o.path("key").asText())
                .containsExactly("ns/pod/a", "ns/pod/b");
        assertThat(sent.stream().map(Sent::message).toList().indexOf(answerTo(inventory)))
                .as("a and b acknowledged before the query's answer")
                .isGreaterThan(sent.stream().map(Sent::message).toList().indexOf(answerTo(b)));
        store.close();
        store = new ObjectStore(dir.resolve("meta.db"), 1_000, Duration.ofSeconds(10), events -> { });
        assertThat(store.list("pod", "ns")).extracting(o -> o.name()).containsExactly("a", "b", "c");
    }

    private Message answerTo(Message request) {
        return sent.stream().map(Sent::message).filter(m -> m.parentId().equals(request.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no answer to " + request));
    }

    @Test
    void aResendIsAcknowledgedAgainButAppliedOnce() {
        Message insert = fromCloud(Operations.INSERT, "ns/pod/web", pod("ns", "web", "u1", "1"));

        messages.handle(insert);
        messages.handle(insert);

        assertThat(sent).hasSize(2);
        assertThat(store.revision()).isEqualTo(1);
        assertThat(store.duplicates()).isEqualTo(1);
    }

    @Test
    void kubeEdgesLongResourceAndClusterScopedNodesAreAccepted() {
        messages.handle(fromCloud(Operations.INSERT, "node/edge-1/default/node/edge-1", pod(null, "edge-1", "n1", "3")));

        assertThat(store.get("default", "node", "edge-1")).isPresent();
        assertThat(sent).extracting(s -> s.message().operation()).containsExactly(Operations.RESPONSE);
    }

    @Test
    void whatCannotBeAppliedGetsAnErrorReplyAndChangesNothing() {
        messages.handle(fromCloud(Operations.INSERT, "ns/pod/web", TextNode.valueOf("not an object")));
        messages.handle(fromCloud(Operations.INSERT, "ns/pod/web", pod("ns", "other", "u1", "1")));
        messages.handle(fromCloud(Operations.INSERT, "ns/pod/web", pod("elsewhere", "web", "u1", "1")));
        messages.handle(fromCloud(Operations.INSERT, "ns/widget/web", pod("ns", "web", "u1", "1")));
        messages.handle(fromCloud(Operations.INSERT, "ns/pod/web", TestObjects.json("Pod", "ns", "web", "u", "1")
                .without("metadata")));
        messages.handle(fromCloud(Operations.PATCH, "ns/pod/web", pod("ns", "web", "u1", "1")));

        assertThat(store.revision()).isZero();
        assertThat(sent).extracting(Sent::group).containsOnly(BusGroups.HUB);
        assertThat(sent).extracting(s -> s.message().operation()).containsOnly(Operations.ERROR);
        assertThat(sent).extracting(s -> s.message().content().asText()).containsExactly(
                "content of ns/pod/web is not a JSON object",
                "resource ns/pod/web carries an object named 'other'",
                "resource ns/pod/web carries an object of namespace 'elsewhere'",
                "unknown resource type 'widget' in 'ns/widget/web'",
                "object ns/pod/web has no metadata",
                "operation 'patch' is not supported");
    }

    /** The cloud's delete: {@code apiVersion, kind, metadata{name, namespace, uid, resourceVersion}} and nothing else. */
    static JsonNode nameOnly(String kind, String namespace, String name, String uid, String version) {
        return TestObjects.json(kind, namespace, name, uid, version);
    }

    static Message delete(String resource, JsonNode content, String headerVersion) {
        return fromCloud(Operations.DELETE, resource, content).withResourceVersion(headerVersion);
    }

    @Test
    void aNameOnlyDeleteRemovesWhatItNamesAndIsAcknowledged() {
        com.fasterxml.jackson.databind.node.ObjectNode full = (com.fasterxml.jackson.databind.node.ObjectNode)
                TestObjects.json("Secret", "ns", "creds", "u1", "3");
        full.putObject("data").put("password", "czNjcmV0");
        messages.handle(fromCloud(Operations.INSERT, "ns/secret/creds", full));
        messages.handle(fromCloud(Operations.INSERT, "default/node/edge-1", TestObjects.json("Node", null, "edge-1", "n1", "2")));
        sent.clear();

        Message secret = delete("ns/secret/creds", nameOnly("Secret", "ns", "creds", "u1", "3"), "3");
        Message node = delete("default/node/edge-1", nameOnly("Node", null, "edge-1", "n1", "2"), "2");
        messages.handleAll(List.of(secret, node));

        assertThat(store.get("ns", "secret", "creds")).isEmpty();
        assertThat(store.get("default", "node", "edge-1")).isEmpty();
        assertThat(sent).extracting(s -> s.message().operation()).containsOnly(Operations.RESPONSE);
        assertThat(sent).extracting(s -> s.message().parentId()).containsExactly(secret.id(), node.id());
    }

    @Test
    void aStaleDeleteLeavesTheRecreatedObjectAndIsStillAcknowledged() {
        messages.handle(fromCloud(Operations.INSERT, "ns/pod/web", pod("ns", "web", "old-uid", "1")));
        messages.handle(fromCloud(Operations.UPDATE, "ns/pod/web", pod("ns", "web", "new-uid", "7")));
        sent.clear();

        Message stale = delete("ns/pod/web", nameOnly("Pod", "ns", "web", "old-uid", "1"), "1");
        messages.handle(stale);
        messages.handleAll(List.of(stale));

        assertThat(store.get("ns", "pod", "web")).hasValueSatisfying(held -> {
            assertThat(held.uid()).isEqualTo("new-uid");
            assertThat(held.resourceVersion()).isEqualTo("7");
        });
        assertThat(sent).extracting(s -> s.message().operation()).as("nothing to retry: acknowledged")
                .containsExactly(Operations.RESPONSE, Operations.RESPONSE);
    }

    @Test
    void kubeEdgesFullObjectAndAContentlessDeleteAreAcceptedToo() {
        messages.handle(fromCloud(Operations.INSERT, "ns/pod/a", pod("ns", "a", "ua", "1")));
        messages.handle(fromCloud(Operations.INSERT, "ns/pod/b", pod("ns", "b", "ub", "1")));
        sent.clear();

        messages.handle(delete("node/edge-1/ns/pod/a", pod("ns", "a", "ua", "1"), "1"));
        messages.handle(fromCloud(Operations.DELETE, "ns/pod/b", null));

        assertThat(store.list("pod", "ns")).isEmpty();
        assertThat(sent).extracting(s -> s.message().operation()).containsOnly(Operations.RESPONSE);
    }

    @Test
    void theInventoryQueryIsAnsweredToTheCloudWithEveryObject() {
        messages.handle(fromCloud(Operations.INSERT, "ns/pod/web", pod("ns", "web", "u1", "4")));
        messages.handle(fromCloud(Operations.INSERT, "ns/configmap/cfg", TestObjects.json("ConfigMap", "ns", "cfg", "u2", "9")));
        sent.clear();
        Message query = fromCloud(Operations.QUERY, "default/inventory/edge-1", null);

        messages.handle(query);

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).group()).isEqualTo(BusGroups.HUB);
        Message reply = sent.get(0).message();
        assertThat(reply.parentId()).isEqualTo(query.id());
        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(reply.content().toString()).isEqualTo("{\"objects\":["
                + "{\"key\":\"ns/configmap/cfg\",\"uid\":\"u2\",\"resourceVersion\":\"9\"},"
                + "{\"key\":\"ns/pod/web\",\"uid\":\"u1\",\"resourceVersion\":\"4\"}]}");
    }

    @Test
    void localQueriesGetTheObjectOrAList() {
        messages.handle(fromCloud(Operations.INSERT, "a/pod/x", pod("a", "x", "u1", "1")));
        messages.handle(fromCloud(Operations.INSERT, "b/pod/y", pod("b", "y", "u2", "1")));
        sent.clear();

        messages.handle(Message.create("metaserver", "meta", "a/pod/x", Operations.QUERY, null));
        messages.handle(Message.create("metaserver", "meta", "/pod", Operations.QUERY, null));
        messages.handle(Message.create("metaserver", "meta", "b/pod", Operations.QUERY, null));
        messages.handle(Message.create("metaserver", "meta", "a/pod/missing", Operations.QUERY, null));

        assertThat(sent).extracting(Sent::group).containsOnly(BusGroups.META);
        assertThat(sent.get(0).message().content().path("metadata").path("uid").asText()).isEqualTo("u1");
        assertThat(sent.get(1).message().content().path("items")).hasSize(2);
        assertThat(sent.get(2).message().content().path("items")).hasSize(1);
        assertThat(sent.get(3).message().operation()).isEqualTo(Operations.ERROR);
    }

    @Test
    void aChangeThatIsNotOnDiskIsNotAcknowledged() throws Exception {
        store.close();
        Path blocker = java.nio.file.Files.writeString(dir.resolve("blocker"), "x");
        store = new ObjectStore(blocker.resolve("meta.db"), 200, Duration.ofSeconds(10), events -> { });
        messages = new MetaMessages(store, (group, message) -> sent.add(new Sent(group, message)));

        messages.handle(fromCloud(Operations.INSERT, "ns/pod/web", pod("ns", "web", "u1", "1")));

        assertThat(store.get("ns", "pod", "web")).isPresent();
        assertThat(sent).isEmpty();
        assertThat(store.inventory()).isEqualTo(Map.of("u1", "1"));
    }
}
