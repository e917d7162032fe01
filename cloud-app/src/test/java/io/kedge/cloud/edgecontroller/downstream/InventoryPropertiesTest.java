package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ResourcePath;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The inventory answer comes from the node: whatever it holds, reading it only ever keeps sane keys. */
class InventoryPropertiesTest {

    @Property(tries = 300)
    void anyTextIsReadOrRefusedWithTheDocumentedError(@ForAll String text) {
        try {
            assertThat(Inventory.parse(TextNode.valueOf(text)).held().size()).isLessThanOrEqualTo(Inventory.MAX_ENTRIES);
        } catch (IllegalArgumentException expected) {
            // the documented refusal of an answer as a whole
        }
    }

    @Property(tries = 300)
    void onlyKeysOfTypesNodesGetInKubernetesSyntaxAreKept(@ForAll @Size(max = 20) List<String> keys,
            @ForAll String uid, @ForAll String version) {
        ObjectNode answer = MessageCodec.mapper().createObjectNode();
        ArrayNode objects = answer.putArray("objects");
        keys.forEach(key -> objects.addObject().put("key", key).put("uid", uid).put("resourceVersion", version));
        objects.addObject().put("key", "ns/" + (keys.isEmpty() ? "pod" : keys.get(0)) + "/x");

        Inventory.Report report = Inventory.parse(answer);

        assertThat(report.held().size() + report.skipped()).as("each entry kept (once per key) or skipped")
                .isLessThanOrEqualTo(objects.size());
        for (ResourcePath key : report.held().keySet()) {
            assertThat(EdgeResourceTypes.isSent(key.type())).isTrue();
            assertThat(key.namespace()).matches("[a-z0-9-]{1,63}");
            assertThat(key.name()).doesNotContain("/").hasSizeBetween(1, 253);
        }
        report.held().values().forEach(held -> {
            assertThat(held.uid()).hasSizeLessThanOrEqualTo(128);
            assertThat(held.resourceVersion()).hasSizeLessThanOrEqualTo(128);
        });
    }
}
