package io.kedge.itest.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.api.meta.MetaListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * An edge app talking HTTP to the node's MetaServer. The server's address is looked up for every
 * request: a restarted MetaServer (it restarts with MetaManager) listens on a new ephemeral port.
 */
public final class MetaServerHttp {
    /** Service property of the MetaServer's store listener: its base URL. */
    private static final String URL_PROPERTY = "kedge.metaserver.url";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final HttpClient http = HttpClient.newHttpClient();

    public MetaServerHttp(BundleContext context, ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
    }

    /** The URL of the MetaServer running now with the test configuration, waiting for one to run. */
    public String url() {
        return Poll.valueOf("the MetaServer listening on an ephemeral port", Duration.ofSeconds(15), this::currentUrl);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url() + path));
    }

    /** GET {@code path}, which must answer 200 with JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(path).GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return MAPPER.readTree(response.body());
    }

    /** PATCH of a pod's status with a JSON merge patch, as {@code kubectl patch --subresource=status} does. */
    public HttpResponse<String> patchStatus(String namespace, String pod, JsonNode status)
            throws IOException, InterruptedException {
        String body = MAPPER.createObjectNode().set("status", status).toString();
        return send(request("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/status")
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    /** One unlabelled sample of {@code GET /metrics}, if the server shows it now. */
    public OptionalLong metric(String name) {
        try {
            HttpResponse<String> response = send(request("/metrics").GET());
            return response.body().lines().filter(line -> line.startsWith(name + " ")).findFirst()
                    .map(line -> OptionalLong.of(Long.parseLong(line.substring(name.length() + 1).trim())))
                    .orElse(OptionalLong.empty());
        } catch (IOException e) {
            return OptionalLong.empty(); // the server is restarting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until {@code name} shows {@code value}. */
    /** Waits past the outbox's answer timeout (30 s), after which an unanswered message is sent again. */
    public void awaitMetric(String what, String name, long value) {
        Poll.until(what + " (" + name + " = " + value + ")", Duration.ofSeconds(90),
                () -> metric(name).orElse(Long.MIN_VALUE) == value);
    }

    public static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    private String currentUrl() {
        try {
            Configuration configuration = configAdmin.getConfiguration(EdgeNode.METASERVER_PID, "?");
            if (configuration.getProperties() == null) {
                return null;
            }
            for (ServiceReference<MetaListener> reference
                    : context.getServiceReferences(MetaListener.class, "(" + URL_PROPERTY + "=*)")) {
                String candidate = (String) reference.getProperty(URL_PROPERTY);
                if (!candidate.endsWith(":10550")) {
                    return candidate;
                }
            }
            return null;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
