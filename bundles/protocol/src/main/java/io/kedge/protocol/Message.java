package io.kedge.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One message between modules or between edge and cloud. Immutable; build new ones with the
 * factory methods and the {@code with*} copies.
 */
public record Message(
        @JsonProperty("header") MessageHeader header,
        @JsonProperty("route") MessageRoute route,
        @JsonProperty("content") JsonNode content) {

    public Message {
        content = content == null ? NullNode.getInstance() : content;
    }

    /** A new message with a fresh id and the current time. */
    public static Message create(String source, String group, String resource, String operation, JsonNode content) {
        MessageHeader header = new MessageHeader(newId(), "", System.currentTimeMillis(), "", false, "");
        return new Message(header, new MessageRoute(source, "", group, operation, resource), content);
    }

    /** The response to {@code request}: same group and resource, parent id = the request's id. */
    public static Message responseTo(Message request, String source, JsonNode content) {
        return answer(request, source, Operations.RESPONSE, content);
    }

    /** An error reply to {@code request} carrying a human-readable reason. */
    public static Message errorTo(Message request, String source, String reason) {
        return answer(request, source, Operations.ERROR, TextNode.valueOf(reason));
    }

    private static Message answer(Message request, String source, String operation, JsonNode content) {
        MessageHeader header = new MessageHeader(newId(), request.id(), System.currentTimeMillis(), "", false, "");
        MessageRoute route = new MessageRoute(source, request.route().source(), request.route().group(),
                operation, request.route().resource());
        return new Message(header, route, content);
    }

    /**
     * A random (version 4) UUID. Ids must be unique, not unguessable: ThreadLocalRandom spares the
     * lock of the SecureRandom behind {@link UUID#randomUUID()}, which every sending thread would share.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    public String id() {
        return header.id();
    }

    public String parentId() {
        return header.parentId();
    }

    public String operation() {
        return route.operation();
    }

    public String resource() {
        return route.resource();
    }

    public String group() {
        return route.group();
    }

    @JsonIgnore
    public boolean isResponse() {
        return header.isResponse();
    }

    public Message withResourceVersion(String resourceVersion) {
        MessageHeader h = header;
        return new Message(new MessageHeader(h.id(), h.parentId(), h.timestamp(), resourceVersion, h.sync(), h.type()),
                route, content);
    }

    public Message withSync(boolean sync) {
        MessageHeader h = header;
        return new Message(new MessageHeader(h.id(), h.parentId(), h.timestamp(), h.resourceVersion(), sync, h.type()),
                route, content);
    }

    public Message withDestination(String destination) {
        MessageRoute r = route;
        return new Message(header,
                new MessageRoute(r.source(), destination, r.group(), r.operation(), r.resource()), content);
    }

    @Override
    public String toString() {
        return route.operation() + " " + route.resource() + " [" + header.id() + "]";
    }
}
