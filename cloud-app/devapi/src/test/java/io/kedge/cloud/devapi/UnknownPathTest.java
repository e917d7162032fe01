package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in API answers a path that names no resource it has with 404 and a Status, never with
 * what it stores (the CRUD mock alone answers such a GET with every object it holds).
 */
class UnknownPathTest {

  private EmbeddedApiServer server;
  private KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = EmbeddedApiServer.start(0);
    client = TestObjects.client(server);
    client.secrets().inNamespace("kedge").resource(new SecretBuilder().withNewMetadata().withName("kedge-ca")
        .endMetadata().addToStringData("ca.key", "PRIVATE-KEY-MATERIAL").build()).create();
    client.nodes().resource(TestObjects.node("edge-1", "True")).create();
    client.genericKubernetesResources("devices.kubeedge.io/v1beta1", "Device").inNamespace("default")
        .resource(new GenericKubernetesResourceBuilder().withApiVersion("devices.kubeedge.io/v1beta1")
            .withKind("Device").withNewMetadata().withName("thermo").endMetadata().build()).create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void pathsThatNameNoResourceAre404WithAStatusAndNoObject() throws Exception {
    for (String path : List.of("/foo", "/api/v1/doesnotexist", "/apis/x/y/z", "/api/v2/pods",
        "/api/v1/namespaces/kedge/doesnotexist", "/api/v1/namespaces/kedge/nodes",
        "/api/v1/secrets/kedge-ca", "/api/v1/namespaces/kedge/secrets/kedge-ca/data",
        "/apis/devices.kubeedge.io/v1beta1/namespaces/default/devices/thermo/scale",
        "/apis/devices.kubeedge.io/v9/devices", "/api/v1//secrets", "/foo?watch=true", "/healthz/x")) {
      HttpResponse<String> answer = send("GET", path);

      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      JsonNode status = JsonResponses.read(answer.body());
      assertThat(status.path("kind").asText()).as(path).isEqualTo("Status");
      assertThat(status.path("reason").asText()).as(path).isEqualTo("NotFound");
      assertThat(answer.body()).as(path).doesNotContain("kedge-ca", "PRIVATE", "edge-1", "thermo", "items");
    }
  }

  @Test
  void writesToPathsThatNameNoResourceAre404AndStoreNothing() throws Exception {
    HttpResponse<String> created = send("POST", "/foo/bar",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"planted\"}}");
    HttpResponse<String> patched = send("PUT", "/apis/x/y/z/w",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"planted\"}}");

    assertThat(created.statusCode()).isEqualTo(404);
    assertThat(patched.statusCode()).isEqualTo(404);
    assertThat(send("DELETE", "/api/v1/things/edge-1").statusCode()).isEqualTo(404);
    assertThat(client.nodes().withName("edge-1").get()).isNotNull();
    assertThat(client.configMaps().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void resourcePathsOfBuiltInAndCustomKindsStillWork() throws Exception {
    assertThat(send("GET", "/api/v1/namespaces/kedge/secrets/kedge-ca").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/secrets").body()).contains("kedge-ca");
    assertThat(send("GET", "/api/v1/nodes/edge-1").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/nodes/edge-1/status").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/apis/devices.kubeedge.io/v1beta1/namespaces/default/devices/thermo").statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/apis/devices.kubeedge.io/v1beta1/devices").body()).contains("thermo");
    assertThat(send("GET", "/api/v1/namespaces/default/pods?labelSelector=a%3Db").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/namespaces/kedge/configmaps/absent").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/version").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/apis/devices.kubeedge.io/v1beta1").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return send(method, path, null);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
