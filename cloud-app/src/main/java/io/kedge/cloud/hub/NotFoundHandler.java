package io.kedge.cloud.hub;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Everything that is not a node's WebSocket upgrade. */
final class NotFoundHandler extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Response.writeError(request, response, callback, 404,
                "no such endpoint: edge nodes connect with a WebSocket upgrade to /{projectId}/{nodeName}/events");
        return true;
    }
}
