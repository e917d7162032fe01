package io.kedge.cloud.mappercontroller;

import io.kedge.cloud.hub.Authorization;
import io.kedge.cloud.hub.HandlerRegistration;
import io.kedge.cloud.hub.NodeLogLimiter;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import io.kedge.protocol.mapper.MapperBundleResult;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code update default/mapperstatus/{mapper}} ({@link MapperBundleResult}): a node's answer to a
 * mapper bundle the cloud sent it.
 *
 * <p>Sent by: a connected node, about itself only: the node is the session's, never a field of the
 * message. Touches: that node's entry in the Mapper's status, and only when the Mapper selects the
 * node and the answer is about the digest its spec names now (an answer about an older digest is
 * taken and ignored, so the node's outbox lets it go). Refused for good, with a log line (at most one
 * per node and interval): a key that names no mapper or another mapper than the content, content
 * that is no such answer, a Mapper that does not select the node.
 */
final class MapperStatusHandler implements ResourceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MapperStatusHandler.class);

    /** Where accepted answers go: the controller's record of them. */
    interface Answers {
        /** @return why the node's answer cannot be taken; empty when it was taken (or is stale and ignored) */
        Optional<String> take(String nodeName, MapperBundleResult answer);
    }

    private final Answers answers;
    private final NodeLogLimiter refusals = new NodeLogLimiter(Duration.ofSeconds(10), System::nanoTime,
            (line, cause) -> LOG.warn(line, cause));

    MapperStatusHandler(Answers answers) {
        this.answers = answers;
    }

    HandlerRegistration registration() {
        return HandlerRegistration.of(ResourceTypes.MAPPER_STATUS, Authorization.anyNodeCheckedOnTheObject(), this);
    }

    @Override
    public Message handle(String nodeName, ResourcePath path, Message message) {
        if (!Operations.UPDATE.equals(message.operation())) {
            return refuse(nodeName, message, "unsupported operation '" + message.operation() + "' on " + path.type());
        }
        MapperBundleResult answer;
        try {
            answer = MapperBundleResult.parse(message.content());
        } catch (ProtocolException e) {
            return refuse(nodeName, message, e.toString());
        }
        if (!MapperBundleResult.resource(answer.name()).equals(message.resource())) {
            return refuse(nodeName, message, "the key names another mapper than the answer");
        }
        Optional<String> refusal = answers.take(nodeName, answer);
        if (refusal.isPresent()) {
            return refuse(nodeName, message, refusal.get());
        }
        return Message.responseTo(message, MapperController.SOURCE, null);
    }

    private Message refuse(String nodeName, Message message, String reason) {
        refusals.log(nodeName, "Node " + nodeName + ": refused " + LogSafe.of(message.operation()) + " "
                + LogSafe.of(message.resource()) + ": " + LogSafe.of(reason), null);
        return Message.errorTo(message, MapperController.SOURCE, reason);
    }
}
