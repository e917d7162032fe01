package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.testing.cloud.CloudConnection;
import io.kedge.itest.support.Poll;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.SandboxStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.test.common.annotation.InjectService;

/**
 * The web console's Pods page, through real HTTP with the console's credentials: the pods Edged
 * runs on the process runtime are listed with their containers, a name the cloud chose to attack
 * the page is shown as text, and the page's refresh endpoint carries the same rows.
 */
class PodsConsolePageTest extends ConnectedNodeTest {
    private static final String NODE = "itest-pods-page";
    private static final String NAMESPACE = "pods-page";
    private static final String HOSTILE = "x\"><img src=x onerror=alert(1)>";
    private static final String HTTP_PID = "org.apache.felix.http";
    private static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    private static final String USER = "admin";
    private static final String NODE_PID = "io.kedge.node";

    @InjectService(filter = "(" + ContainerRuntime.NAME_PROPERTY + "=process)", timeout = 5000)
    ContainerRuntime runtime;

    private final String password = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String pageUrl;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void consoleOnAFreePortAndPodsOnTheProcessRuntime() throws Exception {
        Configuration httpConfig = configAdmin.getConfiguration(HTTP_PID, "?");
        if (httpConfig.getProperties() == null || httpConfig.getProperties().get("org.osgi.service.http.port") == null) {
            Hashtable<String, Object> settings = new Hashtable<>();
            settings.put("org.apache.felix.http.enable", true);
            settings.put("org.apache.felix.http.host", "127.0.0.1");
            settings.put("org.osgi.service.http.port", freePort());
            httpConfig.update(settings);
        }
        pageUrl = "http://127.0.0.1:" + httpConfig.getProperties().get("org.osgi.service.http.port")
                + "/system/console/pods";
        Hashtable<String, Object> console = new Hashtable<>();
        console.put("username", USER);
        console.put("password", "{sha-256}" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8))));
        configAdmin.getConfiguration(CONSOLE_PID, "?").update(console);

        Configuration nodeConfig = configAdmin.getConfiguration(NODE_PID, "?");
        Hashtable<String, Object> settings = new Hashtable<>();
        var keys = nodeConfig.getProperties().keys();
        while (keys.hasMoreElements()) {
            String key = keys.nextElement();
            settings.put(key, nodeConfig.getProperties().get(key));
        }
        settings.put("runtime", "process");
        nodeConfig.update(settings);
    }

    @AfterEach
    void podsDeletedAndTheirProcessesEnded() throws Exception {
        for (String name : List.of("web", HOSTILE)) {
            deliver(Message.create("edgecontroller", "resource", NAMESPACE + "/pod/" + name, Operations.DELETE, null));
        }
        try {
            Poll.until("Edged removed the pods' sandboxes", Duration.ofSeconds(30), () -> ours().isEmpty());
        } finally {
            for (SandboxStatus sandbox : ours()) {
                runtime.removePodSandbox(sandbox.id());
            }
        }
    }

    @Test
    void thePageListsThePodsWithTheirContainersAndEscapesEveryName() throws Exception {
        deliver(podInsert("web", "uid-web"));
        deliver(podInsert(HOSTILE, "uid-hostile"));

        AtomicReference<String> last = new AtomicReference<>("");
        String page;
        try {
            page = Poll.valueOf("both pods Running on the Pods page", Duration.ofSeconds(30), () -> {
                String body = bodyOrEmpty(pageUrl);
                last.set(body);
                return body.contains("<td>" + NAMESPACE + "/web</td><td>Running</td>")
                        && body.contains("<td>" + NAMESPACE + "/x&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</td><td>Running</td>")
                        ? body : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the page last said: " + last.get(), e);
        }
        assertThat(page).as("inside the console's frame, with its navigation").contains("Pods")
                .contains("<td>app</td><td>running</td><td>yes</td><td>0</td>")
                .doesNotContain("<img src=x");

        JsonNode refresh = new ObjectMapper().readTree(get(pageUrl + "/pods.json", true).body());
        assertThat(refresh.path("runtime").asText()).isEqualTo("Runtime: process");
        assertThat(refresh.path("rows")).extracting(row -> row.get(0).asText())
                .containsExactly(NAMESPACE + "/web", NAMESPACE + "/" + HOSTILE);
        assertThat(get(pageUrl + "/res/pods.js", true).body()).contains("textContent");

        HttpResponse<String> anonymous = get(pageUrl, false);
        assertThat(anonymous.statusCode()).as("without the console's credentials").isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain(NAMESPACE + "/web");
        assertThat(get(pageUrl + "/pods.json", false).statusCode()).isEqualTo(401);
    }

    /** A real browser renders the page's DOM: the pod names are text in it, the hostile one made no element. */
    @Test
    void chromiumRendersThePodNamesAsText() throws Exception {
        Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (Debian: apt-get install chromium)");
        deliver(podInsert(HOSTILE, "uid-hostile"));
        Poll.until("the pod on the page", Duration.ofSeconds(30),
                () -> bodyOrEmpty(pageUrl).contains("onerror=alert(1)&gt;</td><td>Running"));

        String url = pageUrl.replace("http://", "http://" + USER + ":" + password + "@");
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + Files.createTempDirectory("kedge-chromium"), "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(browser.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dom).contains("<td>" + NAMESPACE + "/x\"&gt;&lt;img src=x onerror=alert(1)&gt;</td>")
                .doesNotContain("<img src=\"x\"");
    }

    /**
     * Sends until the node acknowledges: changing the node's configuration reconnects it, and a
     * message sent on the link it is leaving is lost (the fake cloud does not resend).
     */
    private void deliver(Message message) {
        Poll.until("the node acknowledged " + message, Duration.ofSeconds(30), () -> {
            CloudConnection link = cloud.connections().stream().filter(CloudConnection::isOpen)
                    .reduce((first, second) -> second).orElse(null);
            if (link == null) {
                return false;
            }
            link.send(message);
            try {
                Poll.until("an answer", Duration.ofSeconds(3), () -> link.answerTo(message.id()).isPresent());
                return true;
            } catch (AssertionError e) {
                return false;
            }
        });
    }

    private List<SandboxStatus> ours() {
        try {
            return runtime.listSandboxes().stream().filter(s -> NAMESPACE.equals(s.namespace())).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The page as the administrator gets it; empty while the console is not up yet or answers otherwise. */
    private String bodyOrEmpty(String url) {
        try {
            HttpResponse<String> response = get(url, true);
            return response.statusCode() == 200 ? response.body() : "";
        } catch (UncheckedIOException e) {
            return "";
        }
    }

    private HttpResponse<String> get(String url, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authenticated) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Message podInsert(String name, String uid) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("kind", "Pod").put("apiVersion", "v1");
        pod.putObject("metadata").put("name", name).put("namespace", NAMESPACE).put("uid", uid)
                .put("resourceVersion", "3");
        ObjectNode spec = pod.putObject("spec").put("nodeName", NODE).put("terminationGracePeriodSeconds", 1);
        ObjectNode container = spec.putArray("containers").addObject().put("name", "app").put("image", "busybox");
        container.putArray("command").add("sleep").add("600");
        pod.putObject("status").put("phase", "Pending");
        return Message.create("edgecontroller", "resource", NAMESPACE + "/pod/" + name, Operations.INSERT, pod)
                .withResourceVersion("3");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
