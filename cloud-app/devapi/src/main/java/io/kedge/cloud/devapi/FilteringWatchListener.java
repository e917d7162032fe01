package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.function.Predicate;

/**
 * Wraps the mock's watch listener so that watch events whose object fails our field selector are dropped
 * before they reach the socket (the mock itself cannot evaluate such selectors).
 */
final class FilteringWatchListener extends WebSocketListener {

  private final WebSocketListener delegate;
  private final Predicate<JsonNode> filter;
  private volatile FilteringSocket socket;

  FilteringWatchListener(WebSocketListener delegate, Predicate<JsonNode> filter) {
    this.delegate = delegate;
    this.filter = filter;
  }

  private WebSocket wrap(WebSocket webSocket) {
    FilteringSocket current = socket;
    if (current == null || current.inner != webSocket) {
      current = new FilteringSocket(webSocket);
      socket = current;
    }
    return current;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(wrap(webSocket), response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(wrap(webSocket), response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(wrap(webSocket), text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(wrap(webSocket), bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(wrap(webSocket), bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    delegate.onClosing(wrap(webSocket), code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    delegate.onClosed(wrap(webSocket), code, reason);
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    delegate.onFailure(wrap(webSocket), t, response);
  }

  private final class FilteringSocket implements WebSocket {
    private final WebSocket inner;

    FilteringSocket(WebSocket inner) {
      this.inner = inner;
    }

    @Override
    public RecordedRequest request() {
      return inner.request();
    }

    @Override
    public boolean send(String text) {
      return !passes(text) || inner.send(text);
    }

    @Override
    public boolean send(byte[] bytes) {
      return inner.send(bytes);
    }

    @Override
    public boolean close(int code, String reason) {
      return inner.close(code, reason);
    }

    /** Only ADDED/MODIFIED/DELETED events carry a resource to test; anything else goes through. */
    private boolean passes(String text) {
      try {
        JsonNode event = JsonResponses.read(text);
        String type = event.path("type").asText();
        boolean resourceEvent = type.equals("ADDED") || type.equals("MODIFIED") || type.equals("DELETED");
        return !resourceEvent || filter.test(event.path("object"));
      } catch (RuntimeException e) {
        return true;
      }
    }
  }
}
