package io.kedge.cloud.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A handler for a new resource type brings its own rule: the router routes to it and enforces the
 * rule without knowing the type.
 */
class UpstreamHandlersTest {
    /** A type the router has never heard of: a node may only report the gadgets whose name starts with its own. */
    private static final String GADGET = "gadgetstatus";
    private static final Authorization OWN_GADGETS = (nodeName, path, message) ->
            path.name().startsWith(nodeName + "-") ? Optional.empty()
                    : Optional.of(Authorization.forbidden(nodeName, path, message));

    private final List<String> handled = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final ProtocolErrorCounter errors = new ProtocolErrorCounter();
    private final UpstreamHandlers handlers = new UpstreamHandlers()
            .register(HandlerRegistration.of(GADGET, OWN_GADGETS, (nodeName, path, message) -> {
                handled.add(nodeName + " " + path);
                return Message.responseTo(message, "gadgets", TextNode.valueOf("OK"));
            }))
            .reserve(Set.of("nodething"), Authorization.ownNodeOnly());
    private final UpstreamRouter router = new UpstreamRouter(new MessageCodec(), handlers, node -> { }, errors,
            NodeSessionListener.NONE, new NodeLogLimiter(Duration.ofSeconds(10), now::get,
                    (line, cause) -> logLines.add(line)));

    @Test
    void aNewTypeIsRoutedToItsHandlerWhenItsOwnRuleAllows() throws Exception {
        Message reply = route("edge-a", "default/" + GADGET + "/edge-a-valve");

        assertThat(reply.operation()).isEqualTo(Operations.RESPONSE);
        assertThat(handled).containsExactly("edge-a default/" + GADGET + "/edge-a-valve");
        assertThat(errors.errors("edge-a")).isZero();
        assertThat(logLines).isEmpty();
    }

    @Test
    void aNewTypesRuleRefusesWithForbiddenBeforeItsHandlerRuns() throws Exception {
        Message reply = route("edge-a", "default/" + GADGET + "/edge-b-valve");

        assertThat(reply.operation()).isEqualTo(Operations.ERROR);
        assertThat(reply.content().asText())
                .isEqualTo("FORBIDDEN: node edge-a may not update default/" + GADGET + "/edge-b-valve");
        assertThat(ErrorReplies.isRetryable(reply)).isFalse();
        assertThat(handled).isEmpty();
        assertThat(errors.errors("edge-a")).isEqualTo(1);
        assertThat(logLines).singleElement().asString().contains("refused 1 of 1").contains("FORBIDDEN");
    }

    @Test
    void aTypeNobodyRegisteredIsRefusedAsUnsupported() throws Exception {
        Message reply = route("edge-a", "default/sprocket/edge-a");

        assertThat(reply.content().asText()).isEqualTo("unsupported resource type 'sprocket'");
        assertThat(errors.errors("edge-a")).isEqualTo(1);
    }

    @Test
    void aReservedTypeKeepsItsRuleThoughNoHandlerServesIt() throws Exception {
        assertThat(route("edge-a", "default/nodething/edge-b").content().asText()).startsWith("FORBIDDEN");
        assertThat(route("edge-a", "default/nodething/edge-a").content().asText())
                .isEqualTo("unsupported resource type 'nodething'");
    }

    @Test
    void aTypeCannotBeRegisteredTwice() throws Exception {
        ResourceHandler other = (nodeName, path, message) -> null;

        assertThatThrownBy(() -> handlers.register(new HandlerRegistration(Set.of("x", GADGET),
                Authorization.ownNodeOnly(), other))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(GADGET);
        assertThatThrownBy(() -> handlers.reserve(Set.of("nodething"), Authorization.ownNodeOnly()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Message route(String nodeName, String key) throws ProtocolException {
        Message message = Message.create("edged", "resource", key, Operations.UPDATE, TextNode.valueOf("open"));
        List<Message> replies = router.route(nodeName, new MessageCodec().encode(message));
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }
}
