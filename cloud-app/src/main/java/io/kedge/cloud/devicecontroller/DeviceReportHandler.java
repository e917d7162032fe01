package io.kedge.cloud.devicecontroller;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.cloud.edgecontroller.ObjectKeys;
import io.kedge.cloud.edgecontroller.ReportWriter;
import io.kedge.cloud.hub.Authorization;
import io.kedge.cloud.hub.HandlerRegistration;
import io.kedge.cloud.hub.NodeLogLimiter;
import io.kedge.cloud.hub.ResourceHandler;
import io.kedge.protocol.ErrorReplies;
import io.kedge.protocol.LogSafe;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import io.kedge.protocol.ResourceTypes;
import io.kedge.protocol.device.DeviceStateReport;
import io.kedge.protocol.device.DeviceTwinReport;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code update {ns}/devicetwin/{device}} ({@link DeviceTwinReport}) and
 * {@code update {ns}/devicestate/{device}} ({@link DeviceStateReport}): a node reports twin values or
 * the state of one of its devices.
 *
 * <p>Sent by: a connected node, about its own devices ({@link #SENT_BY}: any node may send, the key
 * alone cannot tell whose device it names). Touches: the status subresource of the Device named in the
 * key, only if its {@code spec.nodeName} is the sending node ({@link #TOUCHES}, checked on the Device
 * as the API server has it before each write): {@code status.twins[]} of the properties the Device
 * declares, {@code status.state} and {@code status.lastOnlineTime}; never its spec or metadata. Where
 * the API serves KubeEdge v1.23's DeviceStatus, the same in the DeviceStatus of that device
 * ({@link StatusMirror}, created owned by the device).
 *
 * <p>Refused for good, with a log line (at most one per node and interval) and nothing written: a key
 * that can name no Device, content that is no such report, an unknown Device, another node's Device,
 * a report naming only properties the Device does not declare. When the API server cannot be reached
 * the answer is {@link ErrorReplies#unavailable} and the node's outbox sends the report again.
 * Written through the {@link ReportWriter}: rate-limited per node with its other reports, and of each
 * device property (or device state) only the latest report.
 */
final class DeviceReportHandler implements ResourceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceReportHandler.class);
    static final String SOURCE = "devicecontroller";
    private static final int ATTEMPTS = 5;
    private static final int NOT_FOUND = 404;
    private static final int CONFLICT = 409;
    private static final int BAD_REQUEST = 400;
    private static final int INVALID = 422;

    static final Authorization SENT_BY = Authorization.anyNodeCheckedOnTheObject();
    static final Authorization.ObjectRule<Device> TOUCHES = (nodeName, path, device) ->
            nodeName.equals(DeviceIndex.nodeOf(device)) ? Optional.empty()
                    : Optional.of(ProtocolException.Reason.FORBIDDEN + ": device " + path.namespace() + "/"
                            + path.name() + " is not bound to node " + nodeName);

    /** What a report did to a Device: changed its status (to be written), or why it is refused. */
    private record Applied(boolean changed, Optional<String> refusal) {
    }

    /** What one report does to a Device as read from the API server. */
    @FunctionalInterface
    private interface Change {
        Applied apply(Device device);
    }

    /** Where API writes wait their turn: the node's {@link ReportWriter} queue ({@link ReportWriter#submit}). */
    @FunctionalInterface
    interface ReportQueue {
        /** @return a reply to send now, or null when the write's reply follows later */
        Message submit(String nodeName, String objectKey, Message report, long bytes, ReportWriter.Write write);
    }

    private final KubernetesClient client;
    private final ReportQueue writer;
    private final NodeLogLimiter refusals;
    private final StatusMirror mirror;

    DeviceReportHandler(KubernetesClient client, ReportQueue writer) {
        this(client, writer, new NodeLogLimiter(Duration.ofSeconds(10), System::nanoTime,
                (line, cause) -> LOG.warn(line, cause)));
    }

    DeviceReportHandler(KubernetesClient client, ReportQueue writer, NodeLogLimiter refusals) {
        this.client = client;
        this.writer = writer;
        this.refusals = refusals;
        this.mirror = new StatusMirror(client);
    }

    HandlerRegistration registration() {
        return new HandlerRegistration(Set.of(ResourceTypes.DEVICE_TWIN, ResourceTypes.DEVICE_STATE), SENT_BY, this);
    }

    @Override
    public Message handle(String nodeName, ResourcePath path, Message message) {
        if (!Operations.UPDATE.equals(message.operation())) {
            return refuse(nodeName, message, "unsupported operation '" + message.operation() + "' on " + path.type());
        }
        Optional<String> badKey = ObjectKeys.invalidNamespacedKey(path);
        if (badKey.isPresent()) {
            return refuse(nodeName, message, badKey.get());
        }
        String objectKey;
        Change change;
        try {
            if (ResourceTypes.DEVICE_TWIN.equals(path.type())) {
                DeviceTwinReport report = DeviceTwinReport.parse(message.content());
                objectKey = report.outboxKey(path.namespace(), path.name());
                change = twinChange(report, path);
            } else {
                DeviceStateReport report = DeviceStateReport.parse(message.content());
                objectKey = DeviceStateReport.outboxKey(path.namespace(), path.name());
                change = device -> new Applied(ReportedStatus.applyState(device, report), Optional.empty());
            }
        } catch (ProtocolException e) {
            return refuse(nodeName, message, e.getMessage());
        }
        return writer.submit(nodeName, objectKey, message, message.content().toString().length(),
                () -> write(nodeName, path, message, change));
    }

    private static Change twinChange(DeviceTwinReport report, ResourcePath path) {
        return device -> {
            ReportedStatus.Outcome outcome = ReportedStatus.applyTwins(device, report);
            if (outcome.unknown().size() == report.twins().size()) {
                return new Applied(false, Optional.of("device " + path.namespace() + "/" + path.name()
                        + " declares no property " + outcome.unknown()));
            }
            if (!outcome.unknown().isEmpty()) {
                LOG.debug("Device {} declares no property {}: not written", path, outcome.unknown());
            }
            return new Applied(outcome.changed(), Optional.empty());
        };
    }

    private Message write(String nodeName, ResourcePath path, Message message, Change change) {
        try {
            return writeWithRetries(nodeName, path, message, change);
        } catch (KubernetesClientException e) {
            if (e.getCode() == NOT_FOUND) {
                return refuse(nodeName, message, notFound(path));
            }
            if (e.getCode() == BAD_REQUEST || e.getCode() == INVALID) {
                return refuse(nodeName, message, "the API server refuses this status of device " + path.namespace()
                        + "/" + path.name() + ": " + e.getMessage());
            }
            LOG.warn("Report on device {}/{} from node {} not written: {}", path.namespace(), path.name(), nodeName,
                    e.getMessage());
            return ErrorReplies.unavailable(message, SOURCE, "cloud failed: " + e.getMessage());
        }
    }

    private Message writeWithRetries(String nodeName, ResourcePath path, Message message, Change change) {
        KubernetesClientException lastConflict = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Device device = client.resources(Device.class).inNamespace(path.namespace()).withName(path.name()).get();
            if (device == null) {
                return refuse(nodeName, message, notFound(path));
            }
            Optional<String> forbidden = TOUCHES.refusal(nodeName, path, device);
            if (forbidden.isPresent()) {
                return refuse(nodeName, message, forbidden.get());
            }
            Applied applied = change.apply(device);
            if (applied.refusal().isPresent()) {
                return refuse(nodeName, message, applied.refusal().get());
            }
            if (!applied.changed()) {
                return ok(message, device);
            }
            try {
                Device written = client.resources(Device.class).resource(device).updateStatus();
                mirror.copy(written);
                return ok(message, written);
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw e;
                }
                lastConflict = e; // someone else wrote the device meanwhile: read it again
            }
        }
        throw lastConflict;
    }

    private static Message ok(Message message, Device stored) {
        return Message.responseTo(message, SOURCE, TextNode.valueOf("OK"))
                .withResourceVersion(stored.getMetadata().getResourceVersion());
    }

    private static String notFound(ResourcePath path) {
        return "device " + path.namespace() + "/" + path.name() + " not found";
    }

    /** A final answer, logged: the same report would be refused again. */
    private Message refuse(String nodeName, Message message, String reason) {
        refusals.log(nodeName, "Node " + nodeName + ": refused " + LogSafe.of(message.operation()) + " "
                + LogSafe.of(message.resource()) + ": " + LogSafe.of(reason), null);
        return Message.errorTo(message, SOURCE, reason);
    }
}
