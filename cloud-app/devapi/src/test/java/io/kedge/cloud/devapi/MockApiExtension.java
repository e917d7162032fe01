package io.kedge.cloud.devapi;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.util.HashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts and stops the server of {@link MockApi}. */
public final class MockApiExtension implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MockApiExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new WatchSafeCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    context.getStore(NAMESPACE).put("server", server);
    context.getStore(NAMESPACE).put("client", client);
    for (Field field : context.getRequiredTestClass().getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      if (field.getType() == KubernetesClient.class) {
        field.setAccessible(true);
        field.set(null, client);
      } else if (field.getType() == KubernetesMockServer.class) {
        field.setAccessible(true);
        field.set(null, server);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    KubernetesClient client = context.getStore(NAMESPACE).get("client", KubernetesClient.class);
    KubernetesMockServer server = context.getStore(NAMESPACE).get("server", KubernetesMockServer.class);
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  private static final class WatchSafeCrudDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      MockResponse response = super.dispatch(request);
      if (response.getWebSocketListener() != null) {
        response.withWebSocketUpgrade(new WatchCloseOffEventLoop(response.getWebSocketListener()));
      }
      return response;
    }
  }
}
