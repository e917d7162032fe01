package io.kedge.protocol.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ProtocolException.Reason;
import io.kedge.protocol.mapper.MapperBundleResult.Outcome;
import io.kedge.protocol.testing.RandomInputs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapperBundleTest {
    private static final byte[] JAR = "PK\u0003\u0004 not really a jar".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void travelsAsAnUpdateOfTheMappersBundleResourceAndReadsBackTheSame() throws Exception {
        MapperBundle request = MapperBundle.of("modbus", "1.2.0", 3, JAR);

        MessageCodec codec = new MessageCodec();
        Message message = codec.decode(codec.encode(request.message("mappercontroller")));

        assertThat(message.group()).isEqualTo(Groups.MAPPER);
        assertThat(message.resource()).isEqualTo("default/mapperbundle/modbus");
        assertThat(message.operation()).isEqualTo(Operations.UPDATE);
        MapperBundle read = MapperBundle.parse(message.content());
        assertThat(read).isEqualTo(request);
        assertThat(read.bundle()).isEqualTo(JAR);
        assertThat(read.digestMatches()).isTrue();
        assertThat(MapperBundle.parse(TextNode.valueOf(message.content().toString()))).isEqualTo(request);
        assertThat(request.toString()).doesNotContain(Base64.getEncoder().encodeToString(JAR));
    }

    @Test
    void aDigestThatIsNotTheBytesIsReadButDoesNotMatch() throws Exception {
        ObjectNode json = MapperBundle.of("modbus", "1.2.0", 1, JAR).toJson();
        json.put("sha256", MapperBundle.sha256Of("other".getBytes(StandardCharsets.UTF_8)).toUpperCase());

        MapperBundle read = MapperBundle.parse(json);

        assertThat(read.sha256()).isEqualTo(MapperBundle.sha256Of("other".getBytes(StandardCharsets.UTF_8)));
        assertThat(read.digestMatches()).isFalse();
    }

    @Test
    void aBundleBeyondTheLimitIsRefusedBeforeItIsDecoded() {
        ObjectNode json = MapperBundle.of("modbus", "1.2.0", 1, JAR).toJson();
        json.put("bundle", "A".repeat(MapperBundle.MAX_BASE64_CHARS + 4));

        assertThatThrownBy(() -> MapperBundle.parse(json)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.OVERSIZE));
        assertThatThrownBy(() -> MapperBundle.of("modbus", "1", 1, new byte[MapperBundle.MAX_BUNDLE_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLargestBundleFitsTheNodesDefaultFrame() throws Exception {
        MapperBundle largest = MapperBundle.of("m", "1", 1, new byte[MapperBundle.MAX_BUNDLE_BYTES]);

        String frame = new MessageCodec().encode(largest.message("mappercontroller"));

        // EdgeHub's default max.frame.bytes: the envelope is ASCII, so characters are bytes
        assertThat(frame.length()).isLessThan(8 * 1024 * 1024);
        assertThat(MapperBundle.parse(new MessageCodec(8 * 1024 * 1024).decode(frame).content()).size())
                .isEqualTo(MapperBundle.MAX_BUNDLE_BYTES);
    }

    @Test
    void refusesWhatIsNoRequest() {
        String good = MapperBundle.of("modbus", "1.2.0", 1, JAR).toJson().toString();
        for (String content : new String[] {"not json", "[]", "{}", good.replace("\"modbus\"", "\"Modbus!\""),
                good.replace("\"1.2.0\"", "\"1 2\""), good.replace("\"generation\":1", "\"generation\":0"),
                good.replace("\"generation\":1", "\"generation\":\"1\""), good.replaceAll("\"sha256\":\"[0-9a-f]+\"", "\"sha256\":\"abc\""),
                good.replaceAll("\"bundle\":\"[^\"]+\"", "\"bundle\":\"%%%not base64\""),
                good.replaceAll("\"bundle\":\"[^\"]+\"", "\"bundle\":\"\"")}) {
            assertThatThrownBy(() -> MapperBundle.parse(TextNode.valueOf(content))).as(content)
                    .isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> MapperBundle.parse(JsonNodeFactory.instance.nullNode()))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void randomAndMutatedContentIsReadOrRefusedWithAProtocolError() {
        List<String> valid = List.of(MapperBundle.of("modbus", "1.2.0", 7, JAR).toJson().toString(),
                MapperBundleResult.failed(MapperBundle.of("virtual", "2", 1, JAR), "boom").toJson().toString());
        RandomInputs.forAll(2000, random -> random.nextBoolean() ? RandomInputs.mutate(random, valid)
                : RandomInputs.anyString(random, 300), content -> {
                    for (var parser : List.<Parser>of(MapperBundle::parse, MapperBundleResult::parse)) {
                        try {
                            parser.parse(TextNode.valueOf(content));
                        } catch (ProtocolException expected) {
                            assertThat(expected.getMessage()).isNotBlank();
                        }
                    }
                });
    }

    @Test
    void theNodesAnswerRoundTripsAndNamesWhatItAnswers() throws Exception {
        MapperBundle request = MapperBundle.of("modbus", "1.2.0", 3, JAR);
        MapperBundleResult failed = MapperBundleResult.failed(request, "unresolvable imports:\n com.example.missing");

        MessageCodec codec = new MessageCodec();
        Message message = codec.decode(codec.encode(failed.message("mapperdeploy")));

        assertThat(message.resource()).isEqualTo("default/mapperstatus/modbus");
        assertThat(message.group()).isEqualTo(Groups.MAPPER);
        MapperBundleResult read = MapperBundleResult.parse(message.content());
        assertThat(read).isEqualTo(failed);
        assertThat(read.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(read.reason()).isEqualTo("unresolvable imports:  com.example.missing");
        assertThat(read.generation()).isEqualTo(3);
        assertThat(read.sha256()).isEqualTo(request.sha256());
        assertThat(failed.outboxKey()).isEqualTo("mapperstatus/modbus");
        assertThat(MapperBundleResult.parse(MapperBundleResult.installed(request).toJson()).installed()).isTrue();
    }

    @Test
    void aLongReasonIsCutAndABadOutcomeRefused() {
        MapperBundle request = MapperBundle.of("modbus", "1.2.0", 3, JAR);
        assertThat(MapperBundleResult.failed(request, "x".repeat(5000)).reason())
                .hasSize(MapperBundleResult.MAX_REASON_CHARS);
        ObjectNode json = MapperBundleResult.installed(request).toJson().put("outcome", "maybe");
        assertThatThrownBy(() -> MapperBundleResult.parse(json)).isInstanceOf(ProtocolException.class);
        ObjectNode longReason = MapperBundleResult.installed(request).toJson().put("reason", "y".repeat(5000));
        assertThatThrownBy(() -> MapperBundleResult.parse(longReason)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.OVERSIZE));
    }

    @Test
    void aRemovalNamesTheMapperInItsResourceAndContent() throws Exception {
        MessageCodec codec = new MessageCodec();
        Message removal = codec.decode(codec.encode(MapperBundle.removal("mappercontroller", "modbus")));

        assertThat(removal.operation()).isEqualTo(Operations.DELETE);
        assertThat(removal.resource()).isEqualTo("default/mapperbundle/modbus");
        assertThat(MapperBundle.parseRemoval(removal)).isEqualTo("modbus");

        Message mismatch = Message.create("c", Groups.MAPPER, MapperBundle.resource("other"), Operations.DELETE,
                removal.content());
        assertThatThrownBy(() -> MapperBundle.parseRemoval(mismatch)).isInstanceOf(ProtocolException.class);
        Message badName = Message.create("c", Groups.MAPPER, MapperBundle.resource("modbus"), Operations.DELETE,
                JsonNodeFactory.instance.objectNode().put("name", "../etc"));
        assertThatThrownBy(() -> MapperBundle.parseRemoval(badName)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> MapperBundle.removal("c", "Not A Name")).isInstanceOf(IllegalArgumentException.class);
    }

    @FunctionalInterface
    private interface Parser {
        Object parse(com.fasterxml.jackson.databind.JsonNode content) throws ProtocolException;
    }
}
