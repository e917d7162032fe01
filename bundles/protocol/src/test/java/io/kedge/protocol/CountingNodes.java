package io.kedge.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.concurrent.atomic.AtomicLong;

/** A node factory that counts the containers and strings a decoder built: what a frame cost the heap. */
final class CountingNodes extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;
    private final AtomicLong built = new AtomicLong();

    long built() {
        return built.get();
    }

    @Override
    public ObjectNode objectNode() {
        built.incrementAndGet();
        return super.objectNode();
    }

    @Override
    public ArrayNode arrayNode() {
        built.incrementAndGet();
        return super.arrayNode();
    }

    @Override
    public ArrayNode arrayNode(int capacity) {
        built.incrementAndGet();
        return super.arrayNode(capacity);
    }

    @Override
    public TextNode textNode(String text) {
        built.incrementAndGet();
        return super.textNode(text);
    }
}
