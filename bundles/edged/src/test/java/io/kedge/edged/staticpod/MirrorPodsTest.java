package io.kedge.edged.staticpod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.MirrorPod;
import io.kedge.protocol.PodDeletion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MirrorPodsTest {
    private final List<String> sent = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final MirrorPods mirrors = new MirrorPods("edge-a", new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, new MirrorPods.Sink() {
        @Override
        public void create(JsonNode mirror) {
            sent.add("create " + mirror.path("metadata").path("name").asText() + " " + MirrorPod.mirrorHash(mirror));
        }

        @Override
        public void delete(PodDeletion deletion) {
            sent.add("delete " + deletion.name() + " " + deletion.uid());
        }
    });

    @Test
    void aStaticPodWithoutMirrorGetsOneOnceUntilItIsDueAgain() {
        JsonNode web = staticPod("web", "v1");

        mirrors.sync(List.of(web), List.of());
        mirrors.sync(List.of(web), List.of());
        assertThat(sent).containsExactly("create web-edge-a " + StaticPod.hash(web));

        now = now.plus(MirrorPods.RESEND).plusSeconds(1);
        mirrors.sync(List.of(web), List.of());
        assertThat(sent).hasSize(2);
    }

    @Test
    void aStaticPodShownInTheApiNeedsNothing() {
        JsonNode web = staticPod("web", "v1");

        mirrors.sync(List.of(web), List.of(mirrorInStore(web, "api-uid-1")));

        assertThat(sent).isEmpty();
    }

    @Test
    void aChangedManifestReplacesItsMirrorAndARemovedOneRemovesIt() {
        JsonNode before = staticPod("web", "v1");
        JsonNode after = staticPod("web", "v2");
        JsonNode shown = mirrorInStore(before, "api-uid-1");

        mirrors.sync(List.of(after), List.of(shown));
        assertThat(sent).containsExactly("delete web-edge-a api-uid-1", "create web-edge-a " + StaticPod.hash(after));

        sent.clear();
        mirrors.sync(List.of(), List.of(mirrorInStore(after, "api-uid-2")));
        mirrors.sync(List.of(), List.of(mirrorInStore(after, "api-uid-2")));
        assertThat(sent).containsExactly("delete web-edge-a api-uid-2");
    }

    @Test
    void otherNodesMirrorsAndPlainPodsAreNotTouched() {
        ObjectNode theirs = mirrorInStore(staticPod("web", "v1"), "api-uid-9");
        ((ObjectNode) theirs.get("spec")).put("nodeName", "edge-b");
        ObjectNode plain = staticPod("db", "v1").deepCopy();
        ((ObjectNode) plain.path("metadata").path("annotations")).removeAll();

        mirrors.sync(List.of(), List.of(theirs, plain));

        assertThat(sent).isEmpty();
    }

    private static ObjectNode staticPod(String name, String version) {
        ObjectNode manifest = MessageCodec.mapper().createObjectNode();
        manifest.putObject("metadata").put("name", name);
        manifest.putObject("spec").putArray("containers").addObject().put("name", "app").put("image", "busybox:" + version);
        return StaticPod.of(manifest, "edge-a", manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode mirrorInStore(JsonNode staticPod, String uid) {
        ObjectNode mirror = StaticPod.mirrorOf(staticPod);
        ((ObjectNode) mirror.get("metadata")).put("uid", uid);
        return mirror;
    }
}
