package io.kedge.cloud.devapi;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Runs the end of a watch off the server's event loop. The mock's watch listener, when its socket
 * closes or fails, waits up to a minute for its pending event sends, which need that very event loop:
 * a client killed while events flowed would freeze the whole API for a minute. Everything else is
 * passed through unchanged.
 */
final class WatchCloseOffEventLoop extends WebSocketListener {
  private static final Executor CLOSERS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "kedge-api-watch-close");
    thread.setDaemon(true);
    return thread;
  });

  private final WebSocketListener delegate;

  WatchCloseOffEventLoop(WebSocketListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(webSocket, response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(webSocket, response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(webSocket, text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    delegate.onClosing(webSocket, code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    CLOSERS.execute(() -> delegate.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    CLOSERS.execute(() -> delegate.onFailure(webSocket, t, response));
  }
}
