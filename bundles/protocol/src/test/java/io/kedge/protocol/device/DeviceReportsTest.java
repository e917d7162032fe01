package io.kedge.protocol.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import io.kedge.protocol.testing.RandomInputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device reports survive the wire unchanged, read KubeEdge's payloads and refuse anything else with a ProtocolException. */
class DeviceReportsTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void aTwinReportRoundTripsThroughTheCodec() throws Exception {
        Map<String, TwinReport> twins = new LinkedHashMap<>();
        twins.put("temperature", new TwinReport(new TwinValue("20", 1_700_000_000_000L),
                new TwinValue("21.5", 1_700_000_000_123L), "float"));
        twins.put("switch", TwinReport.actual("on", 0));
        DeviceTwinReport report = new DeviceTwinReport("ev-1", 1_700_000_000_200L, twins);

        Message sent = report.message("devicetwin", "plant", "thermo-1");
        Message received = codec.decode(codec.encode(sent));

        assertThat(received.resource()).isEqualTo("plant/devicetwin/thermo-1");
        assertThat(ResourcePath.parse(received.resource()).type()).isEqualTo(ResourceTypes.DEVICE_TWIN);
        assertThat(received.operation()).isEqualTo(Operations.UPDATE);
        DeviceTwinReport read = DeviceTwinReport.parse(received.content());
        assertThat(read).isEqualTo(report);
        assertThat(read.twins().keySet()).containsExactly("temperature", "switch");
    }

    @Test
    void aStateReportRoundTripsThroughTheCodec() throws Exception {
        DeviceStateReport report = new DeviceStateReport("ev-2", 42, "online", "2026-01-01T00:00:00Z");

        Message received = codec.decode(codec.encode(report.message("devicetwin", "plant", "thermo-1")));

        assertThat(received.resource()).isEqualTo("plant/devicestate/thermo-1");
        assertThat(DeviceStateReport.parse(received.content())).isEqualTo(report);
    }

    @Test
    void readsKubeEdgesOwnPayloadsAlsoWhenSentAsText() throws Exception {
        String kubeEdgeTwin = """
                {"event_id":"5d3a","timestamp":1700000000000,"twin":{"temperature":{
                 "expected":{"value":"20","metadata":{"timestamp":1699999999000}},
                 "actual":{"value":"21.5","metadata":{"timestamp":1700000000000}},
                 "optional":false,"metadata":{"type":"float"},
                 "expected_version":{"cloud":3,"edge":0},"actual_version":{"cloud":0,"edge":7}}}}""";
        DeviceTwinReport twin = DeviceTwinReport.parse(TextNode.valueOf(kubeEdgeTwin));
        assertThat(twin.twins().get("temperature")).isEqualTo(new TwinReport(
                new TwinValue("20", 1_699_999_999_000L), new TwinValue("21.5", 1_700_000_000_000L), "float"));

        String kubeEdgeState = """
                {"event_id":"","timestamp":1700000000000,"device":{"name":"thermo-1","state":"offline",
                 "lastOnlineTime":"2026-01-01T00:00:00Z"}}""";
        assertThat(DeviceStateReport.parse(MessageCodec.mapper().readTree(kubeEdgeState)))
                .isEqualTo(new DeviceStateReport("", 1_700_000_000_000L, "offline", "2026-01-01T00:00:00Z"));
    }

    @Test
    void coalescingKeysArePerPropertyAndPerDeviceState() {
        DeviceTwinReport one = DeviceTwinReport.of("temperature", TwinReport.actual("21", 1), 1);

        assertThat(one.outboxKey("plant", "thermo-1"))
                .isEqualTo(DeviceTwinReport.outboxKey("plant", "thermo-1", "temperature"))
                .isEqualTo("devicetwin/plant/thermo-1/temperature");
        assertThat(DeviceTwinReport.outboxKey("plant", "thermo-1", "humidity")).isNotEqualTo(one.outboxKey("plant",
                "thermo-1"));
        assertThat(DeviceStateReport.outboxKey("plant", "thermo-1")).isEqualTo("devicestate/plant/thermo-1");
    }

    @Test
    void refusesMalformedReports() {
        List<String> bad = List.of(
                "not json",
                "[]",
                "{}",
                "{\"twin\":{}}",
                "{\"twin\":[1]}",
                "{\"twin\":{\"t\":null}}",
                "{\"twin\":{\"t\":{}}}",
                "{\"twin\":{\"t\":{\"actual\":{\"value\":21}}}}",
                "{\"twin\":{\"t\":{\"actual\":{}}}}",
                "{\"twin\":{\"t\":{\"actual\":{\"value\":\"1\",\"metadata\":{\"timestamp\":\"now\"}}}}}",
                "{\"twin\":{\"t\":{\"actual\":{\"value\":\"1\",\"metadata\":{\"timestamp\":-5}}}}}",
                "{\"twin\":{\"\":{\"actual\":{\"value\":\"1\"}}}}",
                "{\"twin\":{\"a\\nb\":{\"actual\":{\"value\":\"1\"}}}}",
                "{\"timestamp\":1.5,\"twin\":{\"t\":{\"actual\":{\"value\":\"1\"}}}}");
        for (String content : bad) {
            assertThatThrownBy(() -> DeviceTwinReport.parse(TextNode.valueOf(content))).as(content)
                    .isInstanceOf(ProtocolException.class);
        }
        for (String content : List.of("{}", "{\"device\":{}}", "{\"device\":{\"state\":7}}", "{\"device\":\"x\"}")) {
            assertThatThrownBy(() -> DeviceStateReport.parse(TextNode.valueOf(content))).as(content)
                    .isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void refusesOversizeReports() {
        String big = "x".repeat(DeviceReports.MAX_VALUE_CHARS + 1);
        assertThatThrownBy(() -> DeviceTwinReport.parse(DeviceTwinReport.of("t", TwinReport.actual(big, 1), 1).toJson()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("OVERSIZE");
        Map<String, TwinReport> many = new LinkedHashMap<>();
        for (int i = 0; i <= DeviceReports.MAX_PROPERTIES; i++) {
            many.put("p" + i, TwinReport.actual("1", 1));
        }
        assertThatThrownBy(() -> DeviceTwinReport.parse(new DeviceTwinReport("", 1, many).toJson()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("OVERSIZE");
    }

    @Test
    void anyInputIsReadOrRefusedWithAProtocolException() {
        String valid = DeviceTwinReport.of("temperature", new TwinReport(new TwinValue("1", 2),
                new TwinValue("3", 4), "int"), 5).toJson().toString();
        RandomInputs.forAll(2000, random -> random.nextBoolean() ? RandomInputs.anyJson(random, 4)
                : TextNode.valueOf(RandomInputs.mutate(random, List.of(valid))), (JsonNode input) -> {
                    try {
                        DeviceTwinReport read = DeviceTwinReport.parse(input);
                        assertThat(DeviceTwinReport.parse(read.toJson())).isEqualTo(read);
                    } catch (ProtocolException refused) {
                        assertThat(refused.getMessage()).isNotBlank();
                    }
                    try {
                        DeviceStateReport.parse(input);
                    } catch (ProtocolException refused) {
                        assertThat(refused.getMessage()).isNotBlank();
                    }
                });
    }
}
