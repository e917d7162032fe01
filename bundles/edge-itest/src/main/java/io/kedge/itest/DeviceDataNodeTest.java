package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.kedge.api.devices.DeviceReadings;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.mqtt.MqttPublisher;
import io.kedge.itest.support.MqttTestClient;
import io.kedge.itest.support.Poll;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourceTypes;
import io.kedge.testing.cloud.CloudConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Device data in the real node: a Device of protocol {@code itest} read by a test mapper every 50 ms
 * through the real DMI; its readings are in the device-data time series, read back over real HTTP
 * from the REST API ({@code latest} and {@code history}), posted per its {@code pushMethod.http}
 * to a receiver this test runs on loopback and published per its {@code pushMethod.mqtt} on the
 * node's broker, where an MQTT client receives them.
 */
class DeviceDataNodeTest extends ConnectedNodeTest {
    private static final String NODE = "itest-devicedata";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String namespace = "data-" + Long.toHexString(System.nanoTime());
    private final DmiNodeTest.ItestMapper mapper = new DmiNodeTest.ItestMapper();
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private ServiceRegistration<DeviceMapper> registration;
    private HttpServer receiver;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void mapperAndReceiver() throws Exception {
        Poll.until("DMI and device data", WAIT, () -> hasService(MetaListener.class, "(component.name=io.kedge.dmi.DmiComponent)")
                && hasService(DeviceReadings.class, "(kedge.devicedata.url=*)"));
        cloud.answerRequests(true);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        receiver.createContext("/readings", exchange -> {
            try (exchange) {
                posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(DeviceMapper.PROTOCOL, "itest");
        registration = context.registerService(DeviceMapper.class, mapper, properties);
    }

    @AfterEach
    void stop() {
        registration.unregister();
        receiver.stop(0);
    }

    @Test
    void readingsAreServedOverRestAndPostedPerPushMethod() throws Exception {
        int broker = MqttTestClient.brokerPort(configAdmin);
        Poll.until("the node's broker on port " + broker, WAIT,
                () -> hasService(MqttPublisher.class, "(" + MqttPublisher.PORT + "=" + broker + ")"));
        String topic = namespace + "/thermo-1/temperature";
        try (MqttTestClient app = MqttTestClient.subscribed("tcp://127.0.0.1:" + broker, "data-app", true, topic)) {
            mapper.value = "21.5";
            bindThermometer(topic);
            servedAndPosted();
            assertThat(app.await(topic, "\"value\":\"22\"", WAIT)).contains("\"deviceNamespace\":\"" + namespace + "\"");
        }
        String metricsUrl = metaServerUrl() + "/metrics";
        Poll.until("device data's figures on the node's /metrics", WAIT, () -> {
            String metrics = get(metricsUrl).body();
            return metrics.contains("kedge_devicedata_stored_total")
                    && metrics.contains("kedge_devicedata_push_total{method=\"mqtt\",outcome=\"sent\"}")
                    && !metrics.contains("kedge_devicedata_push_total{method=\"mqtt\",outcome=\"sent\"} 0");
        });
    }

    private void servedAndPosted() throws Exception {
        String base = dataUrl() + "/api/v1/devices/" + namespace + "/thermo-1/temperature";

        JsonNode latest = Poll.valueOf("the latest reading over REST", WAIT, () -> {
            HttpResponse<String> response = get(base);
            return response.statusCode() == 200 ? json(response) : null;
        });
        assertThat(latest.path("value").asText()).isEqualTo("21.5");
        assertThat(latest.path("timestamp").asText()).endsWith("Z");

        mapper.value = "22";
        Poll.until("22 as the latest reading", WAIT, () -> "22".equals(json(get(base)).path("value").asText()));
        // read every 50 ms, reported every 1 s: the history holds every reading, not one per report
        Poll.until("several readings of 21.5 in the history", WAIT, () -> json(get(base + "/history?since=0&limit=1000"))
                .path("items").findValuesAsText("value").stream().filter("21.5"::equals).count() >= 3);
        JsonNode page = json(get(base + "/history?since=0&limit=2"));
        assertThat(page.path("items")).hasSize(2);
        assertThat(page.path("more").asBoolean()).isTrue();

        assertThat(get(dataUrl() + "/api/v1/devices/" + namespace + "/ghost/temperature").statusCode()).isEqualTo(404);
        assertThat(get(base + "/history?limit=0").statusCode()).isEqualTo(400);

        Poll.until("readings posted to the pushMethod.http receiver", WAIT, () -> posted.stream()
                .anyMatch(body -> body.contains("\"deviceNamespace\":\"" + namespace + "\"") && body.contains("\"value\":\"22\"")));
    }

    private String dataUrl() throws InvalidSyntaxException {
        ServiceReference<?> reference = context.getServiceReferences(DeviceReadings.class, "(kedge.devicedata.url=*)")
                .iterator().next();
        return (String) reference.getProperty("kedge.devicedata.url");
    }

    private String metaServerUrl() throws InvalidSyntaxException {
        ServiceReference<?> reference = context.getServiceReferences(MetaListener.class, "(kedge.metaserver.url=*)")
                .iterator().next();
        return (String) reference.getProperty("kedge.metaserver.url");
    }

    private HttpResponse<String> get(String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void bindThermometer(String topic) throws Exception {
        ObjectNode model = (ObjectNode) JSON.readTree("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"DeviceModel",
                 "metadata":{"name":"itest-thermometer","namespace":"%s","uid":"m-%s"},
                 "spec":{"protocol":"itest","properties":[
                   {"name":"temperature","type":"FLOAT","accessMode":"ReadOnly"}]}}
                """.formatted(namespace, namespace));
        send(Operations.INSERT, ResourceTypes.DEVICE_MODEL, "itest-thermometer", model, "1");
        ObjectNode device = (ObjectNode) JSON.readTree("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"Device",
                 "metadata":{"name":"thermo-1","namespace":"%s","uid":"d-%s"},
                 "spec":{"deviceModelRef":{"name":"itest-thermometer"},"nodeName":"%s",
                         "protocol":{"protocolName":"itest","configData":{"host":"127.0.0.1"}},
                         "properties":[
                           {"name":"temperature","collectCycle":50,"reportCycle":1000,
                            "pushMethod":{"http":{"hostName":"http://127.0.0.1","port":%d,"requestPath":"/readings","timeout":2000},
                                          "mqtt":{"topic":"%s","qos":1}}}]}}
                """.formatted(namespace, namespace, NODE, receiver.getAddress().getPort(), topic));
        send(Operations.INSERT, ResourceTypes.DEVICE, "thermo-1", device, "2");
    }

    private void send(String operation, String type, String name, ObjectNode object, String resourceVersion) {
        ((ObjectNode) object.path("metadata")).put("resourceVersion", resourceVersion);
        CloudConnection link = cloud.connections().get(cloud.connections().size() - 1);
        Message message = Message.create("edgecontroller", "resource", namespace + "/" + type + "/" + name, operation,
                object).withResourceVersion(resourceVersion);
        link.send(message);
        Message reply = Poll.valueOf("the node's ack of " + message, WAIT, () -> link.answerTo(message.id()).orElse(null));
        assertThat(reply.operation()).as("reply to %s: %s", message, reply.content()).isEqualTo(Operations.ACK);
    }

    private boolean hasService(Class<?> type, String filter) {
        try {
            return !context.getServiceReferences(type, filter).isEmpty();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
