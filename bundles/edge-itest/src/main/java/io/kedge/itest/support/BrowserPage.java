package io.kedge.itest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page kept open in headless Chromium, read through the DevTools protocol while its scripts run:
 * for checks of what a page shows after it refreshed itself. The browser is ended on {@link #close}.
 */
public final class BrowserPage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:(\\d+)/\\S+)");

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final ConcurrentHashMap<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

    private BrowserPage(Process browser, WebSocket socket) {
        this.browser = browser;
        this.socket = socket;
    }

    static BrowserPage open(Process browser) throws Exception {
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
            String port = null;
            for (int line = 0; line < 200 && port == null; line++) {
                String text = log.readLine();
                if (text == null) {
                    break;
                }
                Matcher matcher = LISTENING.matcher(text);
                if (matcher.find()) {
                    port = matcher.group(2);
                }
            }
            if (port == null) {
                throw new AssertionError("chromium did not say where its DevTools listen");
            }
            Thread drain = new Thread(() -> log.lines().forEach(line -> { }), "chromium-log");
            drain.setDaemon(true);
            drain.start();
            HttpClient http = HttpClient.newHttpClient();
            String list = "http://127.0.0.1:" + port + "/json/list";
            String debugUrl = Poll.valueOf("chromium's page", Duration.ofSeconds(10), () -> pageSocket(http, list));
            BrowserPage[] page = new BrowserPage[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(debugUrl), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        page[0].answer(text.toString());
                        text.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            page[0] = new BrowserPage(browser, socket);
            return page[0];
        } catch (Exception | AssertionError e) {
            browser.destroyForcibly();
            throw e;
        }
    }

    /** The value of a JavaScript expression in the page now, as text ("" when it is undefined or fails). */
    public String evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        return call("Runtime.evaluate", params).path("result").path("result").path("value").asText("");
    }

    /**
     * Opens {@code url} with the console's Basic credentials in an {@code Authorization} header on
     * every request of the page, its script's own fetches included. (With the credentials in the URL
     * instead, the page loaded here but its refresh never showed a new value: Chromium 150.)
     */
    void navigate(String url, String user, String password) {
        call("Network.enable", JSON.createObjectNode());
        ObjectNode headers = JSON.createObjectNode();
        headers.putObject("headers").put("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        call("Network.setExtraHTTPHeaders", headers);
        call("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        ObjectNode call = JSON.createObjectNode().put("id", id).put("method", method);
        call.set("params", params);
        socket.sendText(call.toString(), true);
        try {
            return answer.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("chromium did not answer " + method, e);
        } finally {
            answers.remove(id);
        }
    }

    private void answer(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            CompletableFuture<JsonNode> waiting = answers.get(message.path("id").asInt(-1));
            if (waiting != null) {
                waiting.complete(message);
            }
        } catch (IOException e) {
            // an event we do not read
        }
    }

    /** The DevTools socket of the browser's page, null while it has none yet. */
    private static String pageSocket(HttpClient http, String list) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(list)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            for (JsonNode target : JSON.readTree(body)) {
                if ("page".equals(target.path("type").asText())) {
                    return target.path("webSocketDebuggerUrl").asText();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        socket.abort();
        browser.destroyForcibly();
        try {
            browser.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
