package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.itest.support.CloudDelivery;
import io.kedge.itest.support.HeadlessChromium;
import io.kedge.itest.support.Poll;
import io.kedge.itest.support.WebConsole;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.runtime.api.ContainerRuntime;
import io.kedge.runtime.api.SandboxStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
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
    private static final String NODE_PID = "io.kedge.node";

    @InjectService(filter = "(" + ContainerRuntime.NAME_PROPERTY + "=process)", timeout = 5000)
    ContainerRuntime runtime;

    private WebConsole console;
    private String pageUrl;

    @Override
    String nodeName() {
        return NODE;
    }

    @BeforeEach
    void consoleOnAFreePortAndPodsOnTheProcessRuntime() throws Exception {
        console = WebConsole.configure(configAdmin);
        pageUrl = console.page("pods");

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
                String body = console.bodyOrEmpty(pageUrl);
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

        JsonNode refresh = new ObjectMapper().readTree(console.get(pageUrl + "/pods.json", true).body());
        assertThat(refresh.path("runtime").asText()).isEqualTo("Runtime: process");
        assertThat(refresh.path("rows")).extracting(row -> row.get(0).asText())
                .containsExactly(NAMESPACE + "/web", NAMESPACE + "/" + HOSTILE);
        assertThat(console.get(pageUrl + "/res/pods.js", true).body()).contains("textContent");

        HttpResponse<String> anonymous = console.get(pageUrl, false);
        assertThat(anonymous.statusCode()).as("without the console's credentials").isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain(NAMESPACE + "/web");
        assertThat(console.get(pageUrl + "/pods.json", false).statusCode()).isEqualTo(401);
    }

    /** A real browser renders the page's DOM: the pod names are text in it, the hostile one made no element. */
    @Test
    void chromiumRendersThePodNamesAsText() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.orSkip();
        deliver(podInsert(HOSTILE, "uid-hostile"));
        Poll.until("the pod on the page", Duration.ofSeconds(30),
                () -> console.bodyOrEmpty(pageUrl).contains("onerror=alert(1)&gt;</td><td>Running"));

        String dom = chromium.dumpDom(pageUrl, WebConsole.USER, console.password());
        assertThat(dom).contains("<td>" + NAMESPACE + "/x\"&gt;&lt;img src=x onerror=alert(1)&gt;</td>")
                .doesNotContain("<img src=\"x\"");
    }

    private void deliver(Message message) {
        CloudDelivery.untilAcknowledged(cloud, message);
    }

    private List<SandboxStatus> ours() {
        try {
            return runtime.listSandboxes().stream().filter(s -> NAMESPACE.equals(s.namespace())).toList();
        } catch (Exception e) {
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
}
