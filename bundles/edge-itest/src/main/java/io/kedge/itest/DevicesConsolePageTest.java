package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.mqtt.MqttPublisher;
import io.kedge.itest.support.BrowserPage;
import io.kedge.itest.support.CloudDelivery;
import io.kedge.itest.support.HeadlessChromium;
import io.kedge.itest.support.MetaServerHttp;
import io.kedge.itest.support.Poll;
import io.kedge.itest.support.WebConsole;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourceTypes;
import io.kedge.protocol.device.DesiredValueRequest;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

/**
 * The web console's Devices page with the real DeviceTwin: a device the cloud bound to the node is
 * listed with its desired value, the values a mapper reports over MQTT appear with their times, and
 * a real browser renders them. (Markup cannot arrive this way: DeviceTwin refuses twin values outside
 * KubeEdge's character set; DevicesPageTest shows that such text would still be escaped.)
 */
class DevicesConsolePageTest extends ConnectedNodeTest {
    private static final String NODE = "itest-devices-page";
    private static final String NAMESPACE = "devices-page";
    private static final String DEVICE = "thermo";
    private static final String LABEL = "hall/2@north";
    private static final String EVENTBUS_PID = "io.kedge.eventbus";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private WebConsole console;
    private String pageUrl;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void consoleAndBrokerOnFreePorts() throws Exception {
        // the cloud acknowledges the node's device reports, so none is left in the outbox for later tests
        cloud.answerRequests(true);
        console = WebConsole.configure(configAdmin);
        pageUrl = console.page("devices");
        Configuration broker = configAdmin.getConfiguration(EVENTBUS_PID, "?");
        if (broker.getProperties() == null || broker.getProperties().get("port") == null) {
            Hashtable<String, Object> settings = new Hashtable<>();
            try (ServerSocket free = new ServerSocket(0)) {
                settings.put("port", free.getLocalPort());
            }
            broker.update(settings);
        }
    }

    @AfterEach
    void deviceDeleted() {
        CloudDelivery.untilAcknowledged(cloud, Message.create("edgecontroller", "resource",
                NAMESPACE + "/" + ResourceTypes.DEVICE + "/" + DEVICE, Operations.DELETE, device()));
        Poll.until("the device left the page", WAIT, () -> !console.bodyOrEmpty(pageUrl).contains(NAMESPACE + "/" + DEVICE));
        new MetaServerHttp(context, configAdmin).awaitMetric("the device reports acknowledged", "kedge_outbox_depth", 0);
    }

    @Test
    void thePageShowsTheDeviceItsStateAndEachTwinsDesiredAndReportedValue() throws Exception {
        bindTheDeviceAndReport("19", LABEL);

        String page = awaitPage("<td>19</td>");
        assertThat(page).as("inside the console's frame").contains("Devices")
                .contains("<td>" + NAMESPACE + "/" + DEVICE + "</td><td>online</td>")
                .contains("<td>temperature</td><td>int</td><td>21</td>")
                .contains("<td>label</td><td>string</td>")
                .contains("<td>label</td><td>string</td><td></td><td></td><td>hall/2@north</td>");

        JsonNode refresh = new ObjectMapper().readTree(console.get(pageUrl + "/devices.json", true).body());
        // other test classes of this framework may have left devices of their own on the node
        assertThat(refresh.path("status").asText()).matches("\\d+ devices?");
        List<JsonNode> rows = rowsOf(refresh.path("rows"), NAMESPACE + "/" + DEVICE);
        assertThat(rows).extracting(row -> row.get(3).asText()).containsExactly("label", "temperature");
        assertThat(rows.get(0).get(7).asText()).isEqualTo(LABEL);
        assertThat(rows.get(1).get(7).asText()).isEqualTo("19");
        assertThat(rows.get(1).get(8).asText()).as("when it was reported").matches("\\d{4}-.*Z");
        assertThat(console.get(pageUrl + "/res/devices.js", true).body()).contains("textContent");

        HttpResponse<String> anonymous = console.get(pageUrl, false);
        assertThat(anonymous.statusCode()).as("without the console's credentials").isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain(DEVICE);
        assertThat(console.get(pageUrl + "/devices.json", false).statusCode()).isEqualTo(401);
    }

    /** A real browser renders the page's DOM: the device and its reported value are in it, in the table's cells. */
    @Test
    void chromiumRendersTheDeviceAndItsReportedValue() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip();
        bindTheDeviceAndReport("23", LABEL);
        awaitPage("<td>23</td>");

        String dom = chromium.dumpDom(pageUrl, WebConsole.USER, console.password());

        assertThat(dom).contains("<td>" + NAMESPACE + "/" + DEVICE + "</td>")
                .containsPattern("<td>temperature</td><td>int</td><td>21</td><td>[^<]+Z</td><td>23</td><td>[^<]+Z</td>")
                .contains("<td>hall/2@north</td>");
    }

    /** In a real browser the page refreshes itself: a value the mapper reports later appears without a reload. */
    @Test
    void chromiumShowsANewReportedValueWithoutReloading() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip();
        bindTheDeviceAndReport("19", LABEL);
        awaitPage("<td>19</td>");
        String table = "document.getElementById('kedge-devices').tBodies[0].innerText";

        try (BrowserPage browser = chromium.open(pageUrl, WebConsole.USER, console.password())) {
            Poll.until("the browser shows 19", WAIT, () -> browser.evaluate(table).contains("19"));
            publish("$hw/events/device/" + NAMESPACE + "/" + DEVICE + "/twin/update",
                    "{\"event_id\":\"e2\",\"timestamp\":2,\"twin\":{\"temperature\":{\"actual\":{\"value\":\"27\"}}}}");

            Poll.until("the browser shows 27 after its refresh", WAIT, () -> browser.evaluate(table).contains("27"));
            assertThat(browser.evaluate("String(performance.getEntriesByType('navigation').length)"))
                    .as("one navigation: the page was not reloaded").isEqualTo("1");
        }
    }

    /**
     * The page's form asks the cloud for a new desired value: with the page's token it reaches the
     * cloud as a request; without it, from another origin or without credentials nothing is sent. The
     * value the cloud then writes comes back down with the Device and shows on the page.
     */
    @Test
    void aDesiredValueSetOnThePageGoesToTheCloudAndComesBackWithTheDevice() throws Exception {
        bindTheDeviceAndReport("19", LABEL);
        String page = awaitPage("<td>19</td>");
        Matcher token = Pattern.compile("data-token=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as("the page carries its token").isTrue();
        String form = "device=" + NAMESPACE + "/" + DEVICE + "&property=temperature&value=25";

        assertThat(post(form, null, null, false).statusCode()).as("without credentials").isEqualTo(401);
        assertThat(post(form, null, null, true).statusCode()).as("without the token").isEqualTo(403);
        assertThat(post(form, token.group(1), "http://evil.example", true).statusCode()).as("from another site")
                .isEqualTo(403);
        HttpResponse<String> unknown = post("device=" + NAMESPACE + "/" + DEVICE + "&property=pressure&value=1",
                token.group(1), null, true);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("no property pressure");
        assertThat(post(form.replace("value=25", "value=%3Cb%3E"), token.group(1), null, true).statusCode())
                .as("a value DeviceTwin would refuse").isEqualTo(400);

        HttpResponse<String> accepted = post(form, token.group(1), null, true);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        Message request = Poll.valueOf("the request at the cloud", WAIT, () -> cloud.received().stream()
                .filter(m -> m.resource().equals(DesiredValueRequest.resource(NAMESPACE, DEVICE))).findFirst()
                .orElse(null));
        assertThat(request.operation()).isEqualTo(Operations.UPDATE);
        assertThat(DesiredValueRequest.parse(request.content())).isEqualTo(new DesiredValueRequest("temperature", "25"));
        assertThat(cloud.received()).as("the refused ones sent nothing")
                .filteredOn(m -> m.resource().equals(request.resource())).hasSize(1);

        ObjectNode written = device();
        written.with("metadata").put("resourceVersion", "5");
        ((ObjectNode) written.path("spec").path("properties").get(0).path("desired")).put("value", "25");
        CloudDelivery.untilAcknowledged(cloud, Message.create("edgecontroller", "resource",
                NAMESPACE + "/" + ResourceTypes.DEVICE + "/" + DEVICE, Operations.UPDATE, written).withResourceVersion("5"));
        awaitPage("<td>temperature</td><td>int</td><td>25</td>");
    }

    private HttpResponse<String> post(String form, String token, String origin, boolean authenticated) {
        HttpRequest.Builder request = console.request(pageUrl + "/desired", authenticated)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (token != null) {
            request.header("X-Kedge-Token", token);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return console.send(request);
    }

    private void bindTheDeviceAndReport(String temperature, String label) throws Exception {
        CloudDelivery.untilAcknowledged(cloud, Message.create("edgecontroller", "resource",
                NAMESPACE + "/" + ResourceTypes.DEVICE_MODEL + "/thermometer", Operations.INSERT, model())
                .withResourceVersion("3"));
        CloudDelivery.untilAcknowledged(cloud, Message.create("edgecontroller", "resource",
                NAMESPACE + "/" + ResourceTypes.DEVICE + "/" + DEVICE, Operations.INSERT, device())
                .withResourceVersion("4"));
        awaitPage("<td>" + NAMESPACE + "/" + DEVICE + "</td>");

        String prefix = "$hw/events/device/" + NAMESPACE + "/" + DEVICE;
        ObjectNode update = JsonNodeFactory.instance.objectNode().put("event_id", "e1").put("timestamp", 1);
        ObjectNode twin = update.putObject("twin");
        twin.putObject("temperature").putObject("actual").put("value", temperature);
        twin.putObject("label").putObject("actual").put("value", label);
        publish(prefix + "/twin/update", update.toString());
        publish(prefix + "/state/update", "{\"event_id\":\"s1\",\"timestamp\":1,\"state\":\"online\"}");
    }

    /** As a mapper does: a real MQTT client on the node's broker, which the eventbus bridges to DeviceTwin. */
    /** The rows of one device: the table names a device in its first row only. */
    private static List<JsonNode> rowsOf(JsonNode rows, String deviceId) {
        List<JsonNode> mine = new ArrayList<>();
        boolean inDevice = false;
        for (JsonNode row : rows) {
            String id = row.get(0).asText();
            if (!id.isEmpty()) {
                inDevice = id.equals(deviceId);
            }
            if (inDevice) {
                mine.add(row);
            }
        }
        return mine;
    }

    private void publish(String topic, String payload) throws Exception {
        Integer port = Poll.valueOf("the node's MQTT broker", WAIT, () -> {
            ServiceReference<MqttPublisher> reference = context.getServiceReference(MqttPublisher.class);
            return reference == null ? null : (Integer) reference.getProperty(MqttPublisher.PORT);
        });
        MqttClient mapper = new MqttClient("tcp://127.0.0.1:" + port, "", new MemoryPersistence());
        mapper.setTimeToWait(30_000);
        try {
            mapper.connect();
            mapper.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            mapper.disconnect();
        } finally {
            mapper.close();
        }
    }

    private String awaitPage(String text) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            return Poll.valueOf("the Devices page showing " + text, WAIT, () -> {
                String body = console.bodyOrEmpty(pageUrl);
                last.set(body);
                return body.contains(text) ? body : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page last said: " + last.get(), e);
        }
    }

    private static ObjectNode model() {
        ObjectNode model = JsonNodeFactory.instance.objectNode().put("apiVersion", ResourceTypes.DEVICES_API_VERSION)
                .put("kind", "DeviceModel");
        model.putObject("metadata").put("name", "thermometer").put("namespace", NAMESPACE).put("resourceVersion", "3");
        var properties = model.putObject("spec").putArray("properties");
        properties.addObject().put("name", "temperature").put("type", "INT");
        properties.addObject().put("name", "label").put("type", "STRING");
        return model;
    }

    private static ObjectNode device() {
        ObjectNode device = JsonNodeFactory.instance.objectNode().put("apiVersion", ResourceTypes.DEVICES_API_VERSION)
                .put("kind", "Device");
        device.putObject("metadata").put("name", DEVICE).put("namespace", NAMESPACE).put("resourceVersion", "4");
        ObjectNode spec = device.putObject("spec").put("nodeName", NODE);
        spec.putObject("deviceModelRef").put("name", "thermometer");
        spec.putArray("properties").addObject().put("name", "temperature").putObject("desired").put("value", "21");
        return device;
    }
}
