package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.api.meta.MetaListener;
import io.kedge.itest.mapperfixture.ItestMapper;
import io.kedge.itest.support.BrowserPage;
import io.kedge.itest.support.HeadlessChromium;
import io.kedge.itest.support.Poll;
import io.kedge.itest.support.WebConsole;
import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.Reading;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ResourceTypes;
import io.kedge.testing.cloud.CloudConnection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;

/**
 * The web console's Mappers page with the real DMI: a mapper this test registers is listed with its
 * bundle, version and health and the device the cloud bound to it, in a real browser too; a mapper
 * jar uploaded through the page lands in the deploy folder, FileInstall installs it and the page
 * lists it; removing it through the page uninstalls it, from a real browser's forms as well. Without
 * the page's token nothing changes.
 */
class MappersConsolePageTest extends ConnectedNodeTest {
    private static final String NODE = "itest-mappers-page";
    private static final String PROTOCOL = "itest-page";
    private static final String UPLOADED = "io.kedge.itest.page-mapper";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String namespace = "mappers-page-" + Long.toHexString(System.nanoTime());

    private WebConsole console;
    private String pageUrl;
    private ServiceRegistration<DeviceMapper> registration;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void consoleAndMapper() throws Exception {
        Poll.until("DMI", WAIT, () -> hasService(MetaListener.class, "(component.name=io.kedge.dmi.DmiComponent)"));
        cloud.answerRequests(true);
        console = WebConsole.configure(configAdmin);
        pageUrl = console.page("mappers");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(DeviceMapper.PROTOCOL, PROTOCOL);
        registration = context.registerService(DeviceMapper.class, device -> new DeviceConnection() {
            @Override
            public Reading read(PropertySpec property) {
                return Reading.now("1");
            }

            @Override
            public void write(PropertySpec property, String value) {
            }

            @Override
            public void close() {
            }
        }, properties);
    }

    @AfterEach
    void unregister() {
        registration.unregister();
    }

    @Test
    void thePageListsTheMapperWithItsBundleHealthAndDevice() throws Exception {
        bindDevice();

        String page = awaitPage("<td>" + namespace + "/lamp-1</td><td>online</td>");
        assertThat(page).contains("<td>" + PROTOCOL + "</td><td>io.kedge.edge-itest</td>")
                .contains("<td>healthy</td><td>yes</td>");
        assertThat(console.get(pageUrl + "/mappers.json", true).body()).contains(namespace + "/lamp-1");
        assertThat(console.get(pageUrl, false).statusCode()).as("without the console's credentials").isEqualTo(401);

        HeadlessChromium chromium = HeadlessChromium.orSkip();
        String dom = chromium.dumpDom(pageUrl, WebConsole.USER, console.password());
        assertThat(dom).contains("<td>" + PROTOCOL + "</td>").contains("<td>" + namespace + "/lamp-1</td>");
    }

    @Test
    void aJarUploadedThroughThePageIsInstalledAndRemovedThroughTheDeployFolder() throws Exception {
        String page = awaitPage("<td>" + PROTOCOL + "</td>");
        Matcher token = Pattern.compile("data-token=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as("the page carries its token").isTrue();
        byte[] jar = mapperJar(UPLOADED);

        assertThat(post("install", jar, null).statusCode()).as("without the token").isEqualTo(403);
        assertThat(post("install", "not a jar".getBytes(), token.group(1)).statusCode()).isEqualTo(400);
        HttpResponse<String> installed = post("install", jar, token.group(1));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);

        Poll.until("the uploaded mapper active", WAIT, () -> bundle(UPLOADED) != null
                && bundle(UPLOADED).getState() == Bundle.ACTIVE);
        assertThat(bundle(UPLOADED).getLocation()).startsWith("file:").endsWith("/" + UPLOADED + ".jar");
        assertThat(awaitPage("<td>" + UPLOADED + "</td><td>1.0.0</td><td>healthy</td>"))
                .as("its source: the deploy folder, so the page may remove it")
                .contains("<td>deploy folder: " + UPLOADED + ".jar</td>");

        HttpResponse<String> removed = post("remove", ("bundle=" + UPLOADED).getBytes(), token.group(1));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        Poll.until("the uploaded mapper uninstalled", WAIT, () -> bundle(UPLOADED) == null);
        Poll.until("the page no longer lists it", WAIT, () -> !console.bodyOrEmpty(pageUrl).contains(UPLOADED));
        assertThat(post("remove", "bundle=io.kedge.dmi".getBytes(), token.group(1)).statusCode())
                .as("a bundle of the node itself").isEqualTo(409);
    }

    /** A mapper the cloud deployed (mapper-deploy's {@code kedge-mapper:} location) is shown but neither replaced nor removed. */
    @Test
    void aMapperFromTheCloudIsShownButNotRemovable() throws Exception {
        String name = UPLOADED + "-cloud";
        Bundle pushed = context.installBundle("kedge-mapper:" + name, new ByteArrayInputStream(mapperJar(name)));
        try {
            pushed.start();
            String page = awaitPage("<td>" + name + "</td>");
            assertThat(page).contains("<td>kedge-mapper:" + name + " (not removable here)</td>");
            Matcher token = Pattern.compile("data-token=\"([^\"]+)\"").matcher(page);
            assertThat(token.find()).isTrue();

            HttpResponse<String> removal = post("remove", ("bundle=" + name).getBytes(), token.group(1));
            HttpResponse<String> replacement = post("install", mapperJar(name), token.group(1));

            assertThat(removal.statusCode()).isEqualTo(409);
            assertThat(removal.body()).contains("change its Mapper resource");
            assertThat(replacement.statusCode()).isEqualTo(409);
            assertThat(pushed.getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(pushed.getVersion().toString()).isEqualTo("1.0.0");
        } finally {
            pushed.uninstall();
        }
    }

    /**
     * In a real browser the page's own forms do it: a jar chosen in the file input is installed (the
     * shared script posts the file with the page's token) and the remove form uninstalls it.
     */
    @Test
    void chromiumInstallsAndRemovesAMapperWithThePagesForms() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip();
        String name = UPLOADED + "-browser";
        String jar = Base64.getEncoder().encodeToString(mapperJar(name));
        awaitPage("<td>" + PROTOCOL + "</td>");

        try (BrowserPage browser = chromium.open(pageUrl, WebConsole.USER, console.password())) {
            Poll.until("the install form", WAIT, () -> "true".equals(browser.evaluate(
                    "String(document.getElementById('kedge-mappers-install') !== null)")));
            browser.evaluate("""
                    (function () {
                        var bytes = Uint8Array.from(atob('%s'), function (c) { return c.charCodeAt(0); });
                        var files = new DataTransfer();
                        files.items.add(new File([bytes], 'mapper.jar', {type: 'application/java-archive'}));
                        var form = document.getElementById('kedge-mappers-install');
                        form.querySelector('input[type=file]').files = files.files;
                        form.requestSubmit();
                        return 'submitted';
                    }())""".formatted(jar));
            Poll.until("the page says it installs", WAIT, () -> browser.evaluate(
                    "document.getElementById('kedge-mappers-install-result').textContent").startsWith("installing " + name));
            Poll.until("the mapper installed from the browser active", WAIT, () -> bundle(name) != null
                    && bundle(name).getState() == Bundle.ACTIVE);
            String table = "document.getElementById('kedge-mappers').tBodies[0].innerText";
            Poll.until("the browser's table lists it after its refresh", WAIT, () -> browser.evaluate(table).contains(name));

            browser.evaluate("""
                    (function () {
                        var form = document.getElementById('kedge-mappers-remove');
                        form.querySelector('input[name=bundle]').value = '%s';
                        form.requestSubmit();
                        return 'submitted';
                    }())""".formatted(name));
            Poll.until("the mapper uninstalled", WAIT, () -> bundle(name) == null);
            Poll.until("the browser's table no longer lists it", WAIT, () -> !browser.evaluate(table).contains(name));
        }
    }

    private HttpResponse<String> post(String action, byte[] body, String token) {
        HttpRequest.Builder request = console.request(pageUrl + "/" + action, true)
                .header("Content-Type", action.equals("remove") ? "application/x-www-form-urlencoded"
                        : "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("X-Kedge-Token", token);
        }
        return console.send(request);
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElse(null);
    }

    private void bindDevice() throws Exception {
        ObjectNode model = (ObjectNode) JSON.readTree("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"DeviceModel",
                 "metadata":{"name":"itest-lamp","namespace":"%s","uid":"m-%s"},
                 "spec":{"protocol":"%s","properties":[{"name":"power","type":"INT","accessMode":"ReadOnly"}]}}
                """.formatted(namespace, namespace, PROTOCOL));
        ObjectNode device = (ObjectNode) JSON.readTree("""
                {"apiVersion":"devices.kubeedge.io/v1beta1","kind":"Device",
                 "metadata":{"name":"lamp-1","namespace":"%s","uid":"d-%s"},
                 "spec":{"deviceModelRef":{"name":"itest-lamp"},"nodeName":"%s",
                         "protocol":{"protocolName":"%s","configData":{}},
                         "properties":[{"name":"power","collectCycle":100,"reportCycle":200}]}}
                """.formatted(namespace, namespace, NODE, PROTOCOL));
        send(ResourceTypes.DEVICE_MODEL, "itest-lamp", model);
        send(ResourceTypes.DEVICE, "lamp-1", device);
    }

    private void send(String type, String name, ObjectNode object) {
        ((ObjectNode) object.path("metadata")).put("resourceVersion", "1");
        CloudConnection link = cloud.connections().get(cloud.connections().size() - 1);
        Message message = Message.create("edgecontroller", "resource", namespace + "/" + type + "/" + name,
                Operations.INSERT, object).withResourceVersion("1");
        link.send(message);
        Message reply = Poll.valueOf("the node's ack of " + message, WAIT, () -> link.answerTo(message.id()).orElse(null));
        assertThat(reply.operation()).isEqualTo(Operations.ACK);
    }

    /** A real mapper bundle: the {@link ItestMapper} fixture, declaring the mapper service it registers. */
    private static byte[] mapperJar(String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", ItestMapper.class.getName());
        main.putValue("Import-Package", "io.kedge.mapper.api;version=\"[1.0,2)\",org.osgi.framework");
        main.putValue("Provide-Capability", "osgi.service;objectClass:List<String>=\"" + DeviceMapper.class.getName() + "\"");
        main.putValue("X-Fixture", "works");
        String classFile = ItestMapper.class.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest);
                InputStream in = ItestMapper.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new JarEntry(classFile));
            out.write(in.readAllBytes());
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    private String awaitPage(String text) {
        AtomicReference<String> last = new AtomicReference<>("");
        try {
            return Poll.valueOf("the Mappers page showing " + text, WAIT, () -> {
                String body = console.bodyOrEmpty(pageUrl);
                last.set(body);
                return body.contains(text) ? body : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page last said: " + last.get(), e);
        }
    }

    private boolean hasService(Class<?> type, String filter) {
        try {
            return !context.getServiceReferences(type, filter).isEmpty();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
