package io.kedge.cloud.devapi;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Builders shared by the tests. */
final class TestObjects {

  private TestObjects() {
  }

  static KubernetesClient client(EmbeddedApiServer server) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withNamespace("default").build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static Node node(String name, String ready) {
    return new NodeBuilder()
        .withNewMetadata().withName(name).addToLabels("node-role.kubernetes.io/edge", "").endMetadata()
        .withNewStatus()
        .addNewCondition().withType("Ready").withStatus(ready).endCondition()
        .withNewNodeInfo().withKubeletVersion("v1.32.0-kubeedge").endNodeInfo()
        .endStatus()
        .build();
  }

  static Pod pod(String namespace, String name, String nodeName) {
    return new PodBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withNodeName(nodeName).addNewContainer().withName("app").withImage("nginx").endContainer()
        .endSpec()
        .build();
  }


  static HttpResponse<String> get(EmbeddedApiServer server, String path, String accept)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Accept", accept).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
