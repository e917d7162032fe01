package io.kedge.cloud.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.MessageHeader;
import io.kedge.protocol.MessageRoute;
import io.kedge.protocol.Operations;

/** Error replies to frames that could not be decoded into a {@link Message}. */
final class FrameErrors {
    static final String SOURCE = "cloudhub";

    private FrameErrors() {
    }

    /**
     * An error for a frame the codec refused. Takes the id, group and resource from the frame when
     * it is JSON at all, so the node can still match the error to its request.
     */
    static Message forUndecodable(String frame, String reason) {
        JsonNode tree = readQuietly(frame);
        JsonNode header = tree.path("header");
        JsonNode route = tree.path("route");
        MessageHeader h = new MessageHeader(Message.newId(), text(header, "msg_id"), System.currentTimeMillis(),
                "", false, "");
        MessageRoute r = new MessageRoute(SOURCE, text(route, "source"), text(route, "group"), Operations.ERROR,
                text(route, "resource"));
        return new Message(h, r, TextNode.valueOf(reason));
    }

    private static JsonNode readQuietly(String frame) {
        try {
            JsonNode tree = MessageCodec.mapper().readTree(frame);
            return tree == null ? MessageCodec.mapper().nullNode() : tree;
        } catch (Exception e) {
            return MessageCodec.mapper().nullNode();
        }
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        return node.isTextual() ? node.asText() : "";
    }
}
