package io.kedge.dmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.mapper.api.ConfigData;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A v1beta1 Device and its model become what a mapper sees; what cannot be bound is named. */
class DeviceSpecsTest {
    private final DeviceSpecs specs = new DeviceSpecs(Duration.ofSeconds(1));
    private final JsonNode model = Devices.model("thermo-model");

    @Test
    void protocolPropertiesCyclesAndDesiredValuesComeFromTheDeviceAndTypesFromTheModel() throws Exception {
        BoundDevice bound = specs.parse(Devices.device("thermo", "modbus", "10.0.0.1", "22"), model);

        assertThat(bound.spec().id()).isEqualTo("default/thermo");
        assertThat(bound.spec().protocol()).isEqualTo("modbus");
        assertThat(bound.spec().configData()).isEqualTo(ConfigData.of(Map.of("host", "10.0.0.1", "port", 502L)));
        assertThat(bound.spec().configData().integer("port", 1, 65535)).isEqualTo(502);
        assertThat(bound.spec().properties()).containsExactly(
                new PropertySpec("temperature", ValueType.INT, false,
                        ConfigData.of(Map.of("register", "HoldingRegister", "offset", 1L)), Duration.ofMillis(20), Duration.ofMillis(50)),
                new PropertySpec("target", ValueType.INT, true,
                        ConfigData.of(Map.of("register", "HoldingRegister", "offset", 2L)), Duration.ofMillis(20), Duration.ofMillis(50)));
        assertThat(bound.desired()).containsExactly(Map.entry("target", "22"));
    }

    @Test
    void absentOrZeroCyclesTakeTheDefaultAndNestedConfigDataIsKept() throws Exception {
        JsonNode device = Devices.json("""
                {"metadata":{"name":"d","namespace":"lab"},
                 "spec":{"deviceModelRef":{"name":"thermo-model"},
                   "protocol":{"protocolName":"virtual","configData":{"tcp":{"ip":"h","port":1},"ids":[1,2.5,true]}},
                   "properties":[{"name":"temperature","collectCycle":0,"desired":{"value":"5"}}]}}""");

        BoundDevice bound = specs.parse(device, model);

        PropertySpec temperature = bound.spec().properties().get(0);
        assertThat(temperature.collectCycle()).isEqualTo(Duration.ofSeconds(1));
        assertThat(temperature.reportCycle()).isEqualTo(Duration.ofSeconds(1));
        assertThat(temperature.visitor()).isEqualTo(ConfigData.EMPTY);
        assertThat(bound.spec().configData().child("tcp").text("ip")).isEqualTo("h");
        assertThat(bound.spec().configData().asMap().get("ids")).isEqualTo(List.of(1L, 2.5, true));
        assertThat(bound.desired()).as("a read-only property takes no desired value").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void pushMethodsAreKeptAsUnmodifiableJdkValuesAndChangeNoSpec() throws Exception {
        JsonNode device = Devices.json("""
                {"metadata":{"name":"d","namespace":"lab"},
                 "spec":{"deviceModelRef":{"name":"thermo-model"},"protocol":{"protocolName":"virtual"},
                   "properties":[{"name":"temperature","pushMethod":{
                       "mqtt":{"address":"mqtt://127.0.0.1:1883","topic":"lab/t","qos":1,"retained":true},
                       "http":{"hostName":"http://127.0.0.1","port":8080,"requestPath":"/in","timeout":500},
                       "dbMethod":{"influxdb2":{"influxdb2ClientConfig":{"url":"http://db:8086"}}}}},
                     {"name":"target","pushMethod":{}}]}}""");

        BoundDevice bound = specs.parse(device, model);

        Map<String, Object> push = bound.pushMethod("temperature");
        assertThat(push.get("mqtt")).isEqualTo(Map.of("address", "mqtt://127.0.0.1:1883", "topic", "lab/t", "qos", 1L,
                "retained", true));
        assertThat(push.get("http")).isEqualTo(Map.of("hostName", "http://127.0.0.1", "port", 8080L, "requestPath", "/in",
                "timeout", 500L));
        assertThat(push).containsKey("dbMethod");
        assertThatThrownBy(() -> ((Map<String, Object>) push.get("mqtt")).put("topic", "x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(bound.pushMethod("target")).isEmpty();
        JsonNode without = device.deepCopy();
        without.path("spec").path("properties").forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("pushMethod"));
        assertThat(bound.spec()).as("the pushMethod is not the mapper's business").isEqualTo(specs.parse(without, model).spec());
        assertMalformed(device("", "{\"name\":\"temperature\",\"pushMethod\":\"mqtt\"}"),
                "spec.properties[0].pushMethod must be an object");
    }

    @Test
    void whatCannotBeBoundIsNamed() {
        assertMalformed("{\"metadata\":{\"name\":\"d\"},\"spec\":{\"deviceModelRef\":{\"name\":\"thermo-model\"}}}",
                "spec.protocol.protocolName is missing");
        assertMalformed(device("\"configData\":[1]", "{\"name\":\"temperature\"}"), "spec.protocol.configData must be an object");
        assertMalformed(device("", "{\"name\":\"humidity\"}"), "property humidity is not in model thermo-model");
        assertMalformed(device("", "{\"name\":\"temperature\",\"reportCycle\":-5}"),
                "spec.properties[0].reportCycle must not be negative, not -5");
        assertMalformed(device("", "{\"name\":\"temperature\"},{\"name\":\"temperature\"}"),
                "spec.properties[1]: property temperature is listed twice");
        assertMalformed(device("", "{\"collectCycle\":5}"), "spec.properties[0].name is missing");
        assertMalformed(device("", "{\"name\":\"temperature\",\"visitors\":{\"configData\":\"x\"}}"),
                "spec.properties[0].visitors.configData must be an object");
        assertThatThrownBy(() -> specs.parse(Devices.json(device("", "{\"name\":\"temperature\"}")), null))
                .isInstanceOf(MalformedDevice.class).hasMessage("model thermo-model is not on this node");
    }

    private static String device(String protocolExtra, String properties) {
        return "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"deviceModelRef\":{\"name\":\"thermo-model\"},"
                + "\"protocol\":{\"protocolName\":\"p\"" + (protocolExtra.isEmpty() ? "" : "," + protocolExtra) + "},"
                + "\"properties\":[" + properties + "]}}";
    }

    private void assertMalformed(String device, String reason) {
        assertThatThrownBy(() -> specs.parse(Devices.json(device), model)).isInstanceOf(MalformedDevice.class).hasMessage(reason);
    }
}
