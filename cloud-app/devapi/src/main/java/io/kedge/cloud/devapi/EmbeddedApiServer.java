package io.kedge.cloud.devapi;

import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stand-in Kubernetes API server for development and tests: fabric8's mock server in CRUD mode, plus
 * the discovery, patch, table and field-selector behaviour that kubectl and client-go rely on.
 * Plain HTTP on 127.0.0.1, no authentication.
 */
public final class EmbeddedApiServer implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  /** Held strongly: java.util.logging forgets levels of loggers nobody references. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final SnapshotSaver saver;

  private EmbeddedApiServer(KubernetesMockServer server, SnapshotSaver saver) {
    this.server = server;
    this.saver = saver;
  }

  /** Starts on the given port (0 = any free port) with an empty, in-memory store. */
  public static EmbeddedApiServer start(int port) {
    return start(port, null);
  }

  /**
   * Starts on the given port; if {@code stateFile} is not null, objects are loaded from it (when it exists)
   * and saved back periodically and on {@link #close()}.
   */
  public static EmbeddedApiServer start(int port, Path stateFile) {
    return start(port, stateFile, false);
  }

  /**
   * As {@link #start(int, Path)}; with {@code gracefulPodDeletion}, a DELETE of a pod bound to a node
   * marks it Terminating and the pod stays until its node ends it (a DELETE with grace period 0), as
   * in a real cluster.
   */
  public static EmbeddedApiServer start(int port, Path stateFile, boolean gracefulPodDeletion) {
    // the mock logs every request at INFO through java.util.logging; too chatty for a dev server
    MOCK_LOG.setLevel(Level.WARNING);
    CrudStore store = new CrudStore();
    SnapshotSaver saver = null;
    try {
      if (stateFile != null) {
        StateFile file = new StateFile(stateFile);
        file.loadInto(store);
        saver = new SnapshotSaver(store, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load state from " + stateFile, e);
    }
    BundledCrds.install(store);
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
        new MockWebServer(), expectations, new KedgeDispatcher(expectations, store, gracefulPodDeletion), false,
        versionInfo());
    try {
      server.start(InetAddress.getByName(HOST), port);
    } catch (IOException e) {
      if (saver != null) {
        saver.close();
      }
      throw new UncheckedIOException("Cannot start API server on port " + port, e);
    }
    return new EmbeddedApiServer(server, saver);
  }

  public int port() {
    return server.getPort();
  }

  public String url() {
    return "http://" + HOST + ":" + port();
  }

  /** The underlying fabric8 server, e.g. for server.expect() overrides in tests. */
  public KubernetesMockServer mockServer() {
    return server;
  }

  public void writeKubeconfig(Path file) {
    try {
      Kubeconfig.write(file, url());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write kubeconfig " + file, e);
    }
  }

  /** Stops serving, then writes a final snapshot if a state file is in use. Safe to call twice. */
  @Override
  public synchronized void close() {
    server.shutdown();
    if (saver != null) {
      saver.close();
    }
  }

  /** Also served by the mock's own "/version" expectation, so keep it in line with {@link ApiDiscovery}. */
  private static VersionInfo versionInfo() {
    return new VersionInfo.Builder()
        .withMajor("1").withMinor("32")
        .withGitVersion(ApiDiscovery.GIT_VERSION)
        .withPlatform("linux/amd64")
        .build();
  }

  public static void main(String[] args) throws InterruptedException {
    ServerOptions options;
    try {
      options = ServerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(ServerOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(ServerOptions.USAGE);
      return;
    }
    EmbeddedApiServer api = start(options.port(), options.stateFile(), options.gracefulPodDeletion());
    if (options.kubeconfig() != null) {
      api.writeKubeconfig(options.kubeconfig());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      api.close();
      stopped.countDown();
    }, "kedge-devapi-shutdown"));
    System.out.println("Kubernetes API listening on " + api.url());
    System.out.flush();
    stopped.await();
  }
}
