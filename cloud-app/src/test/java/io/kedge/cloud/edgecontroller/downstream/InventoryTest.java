package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ResourcePath;
import org.junit.jupiter.api.Test;

class InventoryTest {

    @Test
    void keepsEntriesOfTypesNodesGetAndSkipsTheRest() {
        ObjectNode answer = MessageCodec.mapper().createObjectNode();
        ArrayNode objects = answer.putArray("objects");
        objects.addObject().put("key", "ns/pod/web").put("uid", "u1").put("resourceVersion", "5");
        objects.addObject().put("key", "kedge/secret/kedge-ca").put("uid", "x").put("resourceVersion", "1");
        objects.addObject().put("key", "default/node/edge-1");
        objects.addObject().put("key", "kube-system/lease/x");        // a type no node gets
        objects.addObject().put("key", "default/inventory/edge-1");
        objects.addObject().put("key", "ns/pod/a/b");                  // slash in the name
        objects.addObject().put("key", "../pod/x");
        objects.addObject().put("key", "/pod/x");
        objects.addObject().put("key", "ns/pod/" + "n".repeat(300));   // too long a name
        objects.addObject().put("key", "ns/pod/ok").put("uid", "u".repeat(200)); // too long a uid
        objects.addObject().put("key", "ns/pod/ctl\u0007");
        objects.add(TextNode.valueOf("not an entry"));

        Inventory.Report report = Inventory.parse(answer);

        assertThat(report.held()).containsOnlyKeys(ResourcePath.of("ns", "pod", "web"),
                ResourcePath.of("kedge", "secret", "kedge-ca"), ResourcePath.of("default", "node", "edge-1"));
        assertThat(report.held().get(ResourcePath.of("ns", "pod", "web"))).isEqualTo(new ObjectVersion("u1", "5"));
        assertThat(report.skipped()).isEqualTo(9);
        assertThat(report.truncated()).isZero();
    }

    @Test
    void readsAtMostTheLimitOfEntries() {
        ObjectNode answer = MessageCodec.mapper().createObjectNode();
        ArrayNode objects = answer.putArray("objects");
        for (int i = 0; i < Inventory.MAX_ENTRIES + 5; i++) {
            objects.addObject().put("key", "ns/configmap/c" + i);
        }

        Inventory.Report report = Inventory.parse(answer);

        assertThat(report.held()).hasSize(Inventory.MAX_ENTRIES);
        assertThat(report.truncated()).isEqualTo(5);
    }

    @Test
    void anAnswerWithoutObjectsIsRefusedAsAWhole() {
        assertThatThrownBy(() -> Inventory.parse(TextNode.valueOf("{]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Inventory.parse(MessageCodec.mapper().createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Inventory.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
