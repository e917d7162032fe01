package io.kedge.devicedata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The body pushed for one reading over MQTT or HTTP, named after KubeEdge mapper-framework's data
 * model: {@code {"deviceName","deviceNamespace","propertyName","value","timeStamp"}} (epoch ms).
 * Built by Jackson, so any text a mapper read is escaped.
 */
final class PushPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PushPayload() {
    }

    static byte[] of(StoredReading reading) {
        int slash = reading.deviceId().indexOf('/');
        ObjectNode body = JSON.createObjectNode();
        body.put("deviceName", reading.deviceId().substring(slash + 1));
        body.put("deviceNamespace", slash < 0 ? "" : reading.deviceId().substring(0, slash));
        body.put("propertyName", reading.property());
        body.put("value", reading.value());
        body.put("timeStamp", reading.time());
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
