package io.kedge.cloud.hub;

import io.kedge.protocol.Message;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import java.util.Optional;

/**
 * Which node may send what about which key: the rule an upstream handler declares with its
 * registration ({@link UpstreamHandlers}). The router asks it before the handler runs; a refusal
 * is answered to the node as a final error and counted and logged like every other refusal.
 *
 * <p>What only the stored object can decide (a pod's {@code spec.nodeName}, say) is an
 * {@link ObjectRule} the handler declares beside it and applies after its lookup.
 */
@FunctionalInterface
public interface Authorization {

    /** @return why {@code nodeName} may not send {@code message} about {@code path}; empty when it may */
    Optional<String> refusal(String nodeName, ResourcePath path, Message message);

    /** Keys that name a node: a node may only send about itself. */
    static Authorization ownNodeOnly() {
        return (nodeName, path, message) -> path.name().equals(nodeName) ? Optional.empty()
                : Optional.of(forbidden(nodeName, path, message));
    }

    /**
     * Any connected node may send about any key of the type: for handlers whose rule needs the
     * object the key names, checked by the handler with its {@link ObjectRule}.
     */
    static Authorization anyNodeCheckedOnTheObject() {
        return (nodeName, path, message) -> Optional.empty();
    }

    /** The refusal text nodes and logs have always seen: {@code FORBIDDEN: node n may not op key}. */
    static String forbidden(String nodeName, ResourcePath path, Message message) {
        return ProtocolException.Reason.FORBIDDEN + ": node " + nodeName + " may not " + message.operation() + " "
                + path;
    }

    /**
     * A rule on the object a key names, once the handler has read it.
     *
     * @param <T> the object's type
     */
    @FunctionalInterface
    interface ObjectRule<T> {
        /** @return why {@code nodeName} may not touch {@code object}; empty when it may */
        Optional<String> refusal(String nodeName, ResourcePath path, T object);
    }
}
