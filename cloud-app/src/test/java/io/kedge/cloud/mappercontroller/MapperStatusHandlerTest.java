package io.kedge.cloud.mappercontroller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.mapper.MapperBundle;
import io.kedge.protocol.mapper.MapperBundleResult;
import io.kedge.protocol.testing.RandomInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a node's answer must be before the controller hears of it. */
class MapperStatusHandlerTest {
    private static final MapperBundle BUNDLE = MapperBundle.of("modbus", "1.0.0", 1, new byte[] {1, 2});

    private final List<String> taken = new ArrayList<>();
    private final MapperStatusHandler handler = new MapperStatusHandler((node, answer) -> {
        taken.add(node + " " + answer.name() + " " + answer.outcome());
        return answer.name().equals("modbus") ? Optional.empty() : Optional.of("no Mapper " + answer.name());
    });

    @Test
    void aWellFormedAnswerIsTakenForTheSendingNodeAndAcknowledged() throws Exception {
        Message answer = MapperBundleResult.installed(BUNDLE).message("mapperdeploy");

        Message reply = handle("edge-1", answer);

        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(reply.parentId()).isEqualTo(answer.id());
        assertThat(taken).containsExactly("edge-1 modbus INSTALLED");
    }

    @Test
    void anythingElseIsRefusedAndNeverReachesTheController() throws Exception {
        Message unknownMapper = MapperBundleResult.installed(MapperBundle.of("other", "1", 1, new byte[] {1}))
                .message("mapperdeploy");
        assertThat(handle("edge-1", unknownMapper).content().asText()).isEqualTo("no Mapper other");
        taken.clear();

        JsonNode good = MapperBundleResult.installed(BUNDLE).toJson();
        List<Message> hostile = List.of(
                Message.create("n", Groups.MAPPER, MapperBundleResult.resource("modbus"), Operations.DELETE, good),
                Message.create("n", Groups.MAPPER, MapperBundleResult.resource("someone-else"), Operations.UPDATE, good),
                Message.create("n", Groups.MAPPER, MapperBundleResult.resource("modbus"), Operations.UPDATE,
                        MapperBundleResult.installed(BUNDLE).toJson().put("reason", "x".repeat(100_000))),
                Message.create("n", Groups.MAPPER, MapperBundleResult.resource("modbus"), Operations.UPDATE,
                        MapperBundleResult.installed(BUNDLE).toJson().put("outcome", "maybe")),
                Message.create("n", Groups.MAPPER, MapperBundleResult.resource("modbus"), Operations.UPDATE,
                        TextNode.valueOf("garbage")));
        for (Message message : hostile) {
            assertThat(handle("edge-1", message).operation()).as(message.toString()).isEqualTo(Operations.ERROR);
        }
        RandomInputs.forAll(500, random -> RandomInputs.anyJson(random, 4), content -> assertThat(handle("edge-1",
                Message.create("n", Groups.MAPPER, MapperBundleResult.resource("modbus"), Operations.UPDATE, content))
                .operation()).isEqualTo(Operations.ERROR));
        assertThat(taken).isEmpty();
    }

    private Message handle(String node, Message message) throws Exception {
        return handler.handle(node, ResourcePath.parse(message.resource()), message);
    }
}
