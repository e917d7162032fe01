package io.kedge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.testing.RandomInputs;
import org.junit.jupiter.api.Test;

class MirrorPodTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void aMirrorPodRoundTripsThroughTheWire() throws Exception {
        ObjectNode mirror = mirror("plant", "web-edge-a", "4f1c");

        Message received = codec.decode(codec.encode(MirrorPod.create("edged", mirror)));

        assertThat(received.operation()).isEqualTo(Operations.INSERT);
        assertThat(received.resource()).isEqualTo("plant/pod/web-edge-a");
        assertThat(MirrorPod.decode(received)).isEqualTo(mirror);
        assertThat(MirrorPod.mirrorHash(MirrorPod.decode(received))).isEqualTo("4f1c");
    }

    @Test
    void whatIsNoMirrorPodOfItsKeyIsRefused() {
        ObjectNode mirror = mirror("plant", "web-edge-a", "4f1c");
        assertRefused(Message.create("edged", Groups.RESOURCE, "plant/pod/web-edge-a", Operations.UPDATE, mirror),
                ProtocolException.Reason.UNKNOWN_OPERATION);
        assertRefused(Message.create("edged", Groups.RESOURCE, "plant/pod/other", Operations.INSERT, mirror),
                ProtocolException.Reason.BAD_RESOURCE);
        assertRefused(Message.create("edged", Groups.RESOURCE, "kube-system/pod/web-edge-a", Operations.INSERT,
                mirror), ProtocolException.Reason.BAD_RESOURCE);
        assertRefused(Message.create("edged", Groups.RESOURCE, "plant/podstatus/web-edge-a", Operations.INSERT,
                mirror), ProtocolException.Reason.BAD_RESOURCE);
        assertRefused(Message.create("edged", Groups.RESOURCE, "plant/pod/web-edge-a", Operations.INSERT,
                mirror("plant", "web-edge-a", "")), ProtocolException.Reason.MISSING_FIELD);
        assertRefused(Message.create("edged", Groups.RESOURCE, "plant/pod/web-edge-a", Operations.INSERT,
                TextNode.valueOf("pod")), ProtocolException.Reason.MISSING_FIELD);
    }

    @Test
    void anyContentIsEitherAMirrorPodOrARefusalNeverACrash() {
        RandomInputs.forAll(500, random -> Message.create("edged", Groups.RESOURCE, "plant/pod/web",
                Operations.INSERT, RandomInputs.anyJson(random, 4)), message -> {
                    try {
                        assertThat(MirrorPod.mirrorHash(MirrorPod.decode(message))).isNotEmpty();
                    } catch (ProtocolException refused) {
                        assertThat(refused.reason()).isIn(ProtocolException.Reason.MISSING_FIELD,
                                ProtocolException.Reason.BAD_RESOURCE);
                    }
                });
    }

    static ObjectNode mirror(String namespace, String name, String hash) {
        ObjectNode pod = MessageCodec.mapper().createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("namespace", namespace).put("name", name).putObject("annotations")
                .put(MirrorPod.MIRROR_ANNOTATION, hash).put(MirrorPod.SOURCE_ANNOTATION, MirrorPod.FILE_SOURCE);
        pod.putObject("spec").put("nodeName", "edge-a");
        return pod;
    }

    private static void assertRefused(Message message, ProtocolException.Reason reason) {
        assertThatThrownBy(() -> MirrorPod.decode(message)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
