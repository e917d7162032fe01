package io.kedge.cloud.edgecontroller.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.testing.RandomInputs;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The inventory answer comes from the node: whatever it holds, reading it only ever keeps sane keys. */
class InventoryPropertiesTest {
    private static final List<String> KEYS = List.of("default/pod/web-1", "kedge/secret/kedge-ca",
            "kube-system/configmap/coredns", "default/node/edge-a", "ns/endpointslice/svc-abc", "a/b/c/d", "//");
    private static final List<String> ANSWERS = List.of("{\"objects\":[]}",
            "{\"objects\":[{\"key\":\"default/pod/web-1\",\"uid\":\"u-1\",\"resourceVersion\":\"7\"}]}");

    @Test
    void anyTextIsReadOrRefusedWithTheDocumentedError() {
        RandomInputs.forAll(500, random -> random.nextBoolean() ? RandomInputs.anyString(random, 200)
                : RandomInputs.mutate(random, ANSWERS), text -> {
            try {
                assertThat(Inventory.parse(TextNode.valueOf(text)).held().size())
                        .isLessThanOrEqualTo(Inventory.MAX_ENTRIES);
            } catch (IllegalArgumentException expected) {
                // the documented refusal of an answer as a whole
            }
        });
    }

    @Test
    void onlyKeysOfTypesNodesGetInKubernetesSyntaxAreKept() {
        RandomInputs.forAll(500, InventoryPropertiesTest::randomAnswer, answer -> {
            ArrayNode objects = (ArrayNode) answer.get("objects");

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
        });
    }

    private static ObjectNode randomAnswer(Random random) {
        ObjectNode answer = MessageCodec.mapper().createObjectNode();
        ArrayNode objects = answer.putArray("objects");
        int entries = random.nextInt(21);
        for (int i = 0; i < entries; i++) {
            ObjectNode entry = objects.addObject();
            String key = random.nextBoolean() ? RandomInputs.mutate(random, KEYS) : RandomInputs.pick(random,
                    KEYS.toArray(String[]::new));
            entry.put("key", key);
            entry.put("uid", random.nextInt(10) == 0 ? "u".repeat(200) : RandomInputs.anyString(random, 40));
            if (random.nextBoolean()) {
                entry.put("resourceVersion", RandomInputs.anyString(random, 140));
            } else {
                entry.set("resourceVersion", RandomInputs.anyJson(random, 2));
            }
        }
        return answer;
    }
}
