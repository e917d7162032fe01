package io.kedge.cloud.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageHeader;
import io.kedge.protocol.MessageRoute;
import io.kedge.protocol.Operations;

/** Error replies to frames that could not be decoded into a {@link Message}. */
final class FrameErrors {
    static final String SOURCE = "cloudhub";

    private FrameErrors() {
    }

    /**
     * An error for a frame or batch entry the codec refused. Takes the id, group and resource from
     * the JSON the codec had parsed ({@code ProtocolException.json()}, {@code DecodedEntry.json()})
     * where there, so the node can still match the error to its request without a second parse.
     */
    static Message forUndecodable(JsonNode tree, String reason) {
        JsonNode header = tree.path("header");
        JsonNode route = tree.path("route");
        MessageHeader h = new MessageHeader(Message.newId(), text(header, "msg_id"), System.currentTimeMillis(),
                "", false, "");
        MessageRoute r = new MessageRoute(SOURCE, text(route, "source"), text(route, "group"), Operations.ERROR,
                text(route, "resource"));
        return new Message(h, r, TextNode.valueOf(reason));
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        return node.isTextual() ? node.asText() : "";
    }
}
