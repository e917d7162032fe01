package io.kedge.itest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Hashtable;
import java.util.UUID;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The node's Felix web console on loopback, on a free port (kept for the framework's life once
 * chosen) and with a fresh random password, and plain HTTP to it with or without its credentials.
 */
public final class WebConsole {
    public static final String USER = "admin";
    private static final String HTTP_PID = "org.apache.felix.http";
    private static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";

    private final String base;
    private final String password = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebConsole(String base) {
        this.base = base;
    }

    public static WebConsole configure(ConfigurationAdmin configAdmin) throws Exception {
        Configuration httpConfig = configAdmin.getConfiguration(HTTP_PID, "?");
        if (httpConfig.getProperties() == null || httpConfig.getProperties().get("org.osgi.service.http.port") == null) {
            Hashtable<String, Object> settings = new Hashtable<>();
            settings.put("org.apache.felix.http.enable", true);
            settings.put("org.apache.felix.http.host", "127.0.0.1");
            settings.put("org.osgi.service.http.port", freePort());
            httpConfig.update(settings);
        }
        WebConsole console = new WebConsole("http://127.0.0.1:" + httpConfig.getProperties().get("org.osgi.service.http.port")
                + "/system/console/");
        Hashtable<String, Object> credentials = new Hashtable<>();
        credentials.put("username", USER);
        credentials.put("password", "{sha-256}" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(console.password.getBytes(StandardCharsets.UTF_8))));
        configAdmin.getConfiguration(CONSOLE_PID, "?").update(credentials);
        return console;
    }

    /** The URL of a console page, e.g. {@code pods}. */
    public String page(String label) {
        return base + label;
    }

    public String password() {
        return password;
    }

    /** The page as the administrator gets it; empty while the console is not up yet or answers otherwise. */
    public String bodyOrEmpty(String url) {
        try {
            HttpResponse<String> response = get(url, true);
            return response.statusCode() == 200 ? response.body() : "";
        } catch (UncheckedIOException e) {
            return "";
        }
    }

    public HttpResponse<String> get(String url, boolean authenticated) {
        return send(request(url, authenticated).GET());
    }

    /** A request with the administrator's Basic credentials when {@code authenticated}. */
    public HttpRequest.Builder request(String url, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authenticated) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
