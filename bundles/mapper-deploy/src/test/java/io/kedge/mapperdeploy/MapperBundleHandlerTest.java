package io.kedge.mapperdeploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.mapper.MapperBundle;
import io.kedge.protocol.mapper.MapperBundleResult;
import io.kedge.protocol.testing.RandomInputs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** What reaches the installer from the bus, and what never does. */
class MapperBundleHandlerTest {
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private final List<MapperBundle> installed = new ArrayList<>();
    private final List<MapperBundleResult> reported = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final MapperBundleHandler handler = new MapperBundleHandler(queued::add, request -> {
        installed.add(request);
        return MapperBundleResult.installed(request);
    }, reported::add, removed::add);

    @Test
    void aRequestIsInstalledOnTheExecutorAndAnswered() {
        MapperBundle request = MapperBundle.of("fixture", "1.0.0", 1, new byte[] {1, 2, 3});

        assertThat(handler.handle(request.message("mappercontroller"))).isTrue();
        assertThat(installed).isEmpty();
        runQueued();

        assertThat(installed).containsExactly(request);
        assertThat(reported).containsExactly(MapperBundleResult.installed(request));
    }

    @Test
    void aNewerRequestForTheSameMapperReplacesOneStillWaiting() {
        MapperBundle older = MapperBundle.of("fixture", "1.0.0", 1, new byte[] {1});
        MapperBundle newer = MapperBundle.of("fixture", "2.0.0", 2, new byte[] {2});

        handler.handle(older.message("mappercontroller"));
        handler.handle(newer.message("mappercontroller"));
        runQueued();

        assertThat(installed).containsExactly(newer);
    }

    @Test
    void hostileContentNeverReachesTheInstaller() {
        ObjectNode huge = MapperBundle.of("fixture", "1", 1, new byte[] {1}).toJson();
        huge.put("bundle", "QUFB".repeat(MapperBundle.MAX_BUNDLE_BYTES / 3 + 2));
        assertThat(handler.handle(message(MapperBundle.resource("fixture"), huge))).isFalse();

        ObjectNode notBase64 = MapperBundle.of("fixture", "1", 1, new byte[] {1}).toJson().put("bundle", "**garbage**");
        assertThat(handler.handle(message(MapperBundle.resource("fixture"), notBase64))).isFalse();

        ObjectNode other = MapperBundle.of("fixture", "1", 1, new byte[] {1}).toJson();
        assertThat(handler.handle(message(MapperBundle.resource("someone-else"), other))).isFalse();

        Message deleteOfAnother = Message.create("cloud", Groups.MAPPER, MapperBundle.resource("fixture"),
                Operations.DELETE, MapperBundle.removal("cloud", "someone-else").content());
        assertThat(handler.handle(deleteOfAnother)).isFalse();
        Message patch = Message.create("cloud", Groups.MAPPER, MapperBundle.resource("fixture"), Operations.PATCH, other);
        assertThat(handler.handle(patch)).isFalse();

        RandomInputs.forAll(500, random -> RandomInputs.anyString(random, 200),
                text -> assertThat(handler.handle(message(MapperBundle.resource("fixture"), TextNode.valueOf(text))))
                        .isFalse());
        runQueued();
        assertThat(installed).isEmpty();
        assertThat(removed).isEmpty();
    }

    @Test
    void aRemovalReplacesAnInstallStillWaitingAndIsNotAnswered() {
        handler.handle(MapperBundle.of("fixture", "1.0.0", 1, new byte[] {1}).message("mappercontroller"));
        assertThat(handler.handle(MapperBundle.removal("mappercontroller", "fixture"))).isTrue();
        runQueued();

        assertThat(installed).isEmpty();
        assertThat(removed).containsExactly("fixture");
        assertThat(reported).isEmpty();
    }

    @Test
    void atMostSoManyMappersWait() {
        for (int i = 0; i < MapperBundleHandler.MAX_WAITING; i++) {
            assertThat(handler.handle(MapperBundle.of("m" + i, "1", 1, new byte[] {1}).message("c"))).isTrue();
        }
        assertThat(handler.handle(MapperBundle.of("one-more", "1", 1, new byte[] {1}).message("c"))).isFalse();
        assertThat(handler.handle(MapperBundle.of("m0", "2", 2, new byte[] {2}).message("c"))).isTrue();
        runQueued();
        assertThat(installed).hasSize(MapperBundleHandler.MAX_WAITING);
    }

    private static Message message(String resource, com.fasterxml.jackson.databind.JsonNode content) {
        return Message.create("cloud", Groups.MAPPER, resource, Operations.UPDATE, content);
    }

    private void runQueued() {
        Runnable task;
        while ((task = queued.poll()) != null) {
            task.run();
        }
    }
}
