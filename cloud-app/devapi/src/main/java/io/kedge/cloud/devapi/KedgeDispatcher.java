package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;

/**
 * Routes every request of the embedded API server. Order: our own API surface (version, discovery,
 * openapi), then test expectations recorded via server.expect(), then 404 for any path that is not
 * one of a resource we have, then fabric8's CRUD store with the fixes kubectl and client-go need
 * (merge patches, status paths with queries, tables, field selectors).
 * <p>
 * This is what fabric8's KubernetesMixedDispatcher does (expectations, then CRUD), but composed here so
 * we keep a handle on the CRUD store for snapshots; the mixed dispatcher keeps it private.
 */
final class KedgeDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(KedgeDispatcher.class);

  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  private final MockDispatcher expectationDispatcher;
  private final CrudStore store;
  private final ApiDiscovery discovery;
  private final OpenApiDocuments openApi;
  private final MergePatchHandler mergePatches;
  private final ResourcePaths resourcePaths;
  private final GracefulPodDeletion podDeletion; // null: pods go at once

  KedgeDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations, CrudStore store) {
    this(expectations, store, false);
  }

  /** @param gracefulPodDeletion pods bound to a node are marked Terminating on DELETE ({@link GracefulPodDeletion}) */
  KedgeDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations, CrudStore store, boolean gracefulPodDeletion) {
    this.expectations = expectations;
    this.expectationDispatcher = new MockDispatcher(expectations);
    this.store = store;
    this.discovery = new ApiDiscovery(store);
    this.openApi = new OpenApiDocuments(discovery);
    this.mergePatches = new MergePatchHandler(store);
    this.resourcePaths = new ResourcePaths(discovery);
    this.podDeletion = gracefulPodDeletion ? new GracefulPodDeletion(store, java.time.Clock.systemUTC()) : null;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      MockResponse response = route(request);
      if (response.getWebSocketListener() == null && response.getHeaders().header(JsonResponses.CONTENT_TYPE) == null) {
        response.setHeader(JsonResponses.CONTENT_TYPE, JsonResponses.APPLICATION_JSON);
      }
      return response;
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", request.getMethod(), request.getPath(), e);
      return JsonResponses.status(500, "InternalError", String.valueOf(e.getMessage()));
    }
  }

  private MockResponse route(RecordedRequest request) {
    String method = request.getMethod();
    String bare = RequestPath.withoutQuery(request.getPath());
    if ("GET".equals(method)) {
      MockResponse own = ownApiSurface(bare);
      if (own != null) {
        return own;
      }
    }
    if (ProtobufBodies.isProtobuf(request.getHeader(JsonResponses.CONTENT_TYPE))) {
      // kubectl's typed commands (create namespace/secret/deployment/...) send protobuf; the mock parses JSON only
      try {
        request = asJson(request);
      } catch (ProtobufBodies.UnsupportedBodyException e) {
        return JsonResponses.status(415, "UnsupportedMediaType", e.getMessage());
      }
    }
    if (hasExpectation(request)) {
      return expectationDispatcher.dispatch(request);
    }
    if (!resourcePaths.isResourcePath(bare)) {
      // the CRUD mock would answer a path it cannot map with every object it holds
      return JsonResponses.status(404, "NotFound", "the server could not find the requested resource");
    }
    if (MergePatchHandler.handles(request)) {
      return mergePatches.patch(request);
    }
    if ("PUT".equals(method) || "PATCH".equals(method)) {
      // the mock recognises status updates by path.endsWith("/status"), which a ?fieldManager= breaks
      return store.dispatcher().dispatch(withPath(request, bare));
    }
    if ("GET".equals(method)) {
      return read(request);
    }
    MockResponse graceful = podDeletion == null ? null : podDeletion.handle(request, bare);
    if (graceful != null) {
      return graceful;
    }
    return store.dispatcher().dispatch(request);
  }

  private MockResponse ownApiSurface(String path) {
    Object body = discovery.answer(path);
    if (body == null) {
      body = openApi.answer(path);
    }
    if (body == OpenApiDocuments.NOT_FOUND) {
      return JsonResponses.status(404, "NotFound", "the server could not find the requested resource");
    }
    return body == null ? null : JsonResponses.ok(body);
  }

  /** GETs: tables and field selectors need the stored JSON; everything else goes straight to the mock. */
  private MockResponse read(RecordedRequest request) {
    SplitFieldSelector selector;
    try {
      selector = SplitFieldSelector.of(request.getPath());
    } catch (IllegalArgumentException e) {
      return JsonResponses.status(400, "BadRequest", e.getMessage());
    }
    boolean watch = "true".equals(RequestPath.query(request.getPath()).get("watch"));
    if (watch) {
      MockResponse response = selector.isNeeded() ? filteredWatch(request, selector) : store.dispatcher().dispatch(request);
      if (response.getWebSocketListener() != null) {
        response.withWebSocketUpgrade(new WatchCloseOffEventLoop(response.getWebSocketListener()));
      }
      return response;
    }
    String tableResource = TableResponder.wantsTable(request) ? TableResponder.tableResource(request.getPath()) : null;
    if (tableResource == null && !selector.isNeeded()) {
      return store.dispatcher().dispatch(request);
    }
    MockResponse stored = store.dispatcher().dispatch(withPath(request, selector.pathForMock()));
    if (stored.code() != 200) {
      return stored;
    }
    JsonNode body = selector.filterList(JsonResponses.read(stored.getBody().readUtf8()));
    if (tableResource == null) {
      return JsonResponses.ok(body);
    }
    String includeObject = RequestPath.query(request.getPath()).get("includeObject");
    return JsonResponses.ok(TableResponder.render(tableResource, body, includeObject));
  }

  private MockResponse filteredWatch(RecordedRequest request, SplitFieldSelector selector) {
    MockResponse response = store.dispatcher().dispatch(withPath(request, selector.pathForMock()));
    if (response.getWebSocketListener() != null) {
      response.withWebSocketUpgrade(new FilteringWatchListener(response.getWebSocketListener(), selector));
    }
    return response;
  }

  /** The request with its protobuf body as JSON; the answer is JSON too, which every client accepts. */
  private static RecordedRequest asJson(RecordedRequest request) throws ProtobufBodies.UnsupportedBodyException {
    byte[] json = JsonResponses.write(ProtobufBodies.toJson(request.getBody().getBytes()))
        .getBytes(StandardCharsets.UTF_8);
    Headers headers = request.getHeaders().newBuilder()
        .set(JsonResponses.CONTENT_TYPE, JsonResponses.APPLICATION_JSON)
        .set("Content-Length", Integer.toString(json.length))
        .build();
    return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), headers,
        new Buffer(json));
  }

  private boolean hasExpectation(RecordedRequest request) {
    Queue<ServerResponse> queue = expectations.get(
        new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    return queue != null && !queue.isEmpty();
  }

  private static RecordedRequest withPath(RecordedRequest request, String path) {
    if (path.equals(request.getPath())) {
      return request;
    }
    return new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(),
        request.getBody());
  }

  @Override
  public void shutdown() {
    expectationDispatcher.shutdown();
    store.dispatcher().shutdown();
  }
}
