package io.kedge.cloud.devicecontroller;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kedge.cloud.edgecontroller.ObjectKeys;
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
import io.kedge.protocol.device.DesiredValueRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code update {ns}/devicedesired/{device}} ({@link DesiredValueRequest}): an administrator on the
 * node set a desired value (the node's console), and the node asks the cloud to write it.
 *
 * <p>Sent by: a connected node, about its own devices (any node may send; the Device decides, as for
 * reports). Touches: {@code spec.properties[name].desired} (value, and its {@code timestamp}
 * metadata) of the Device named in the key, only if its {@code spec.nodeName} is the sending node
 * and only for a property the Device or its DeviceModel declares, with a value of the model's type;
 * nothing else of the Device. The new value goes back down to the node with the Device as any
 * change of its spec does.
 *
 * <p>Refused for good, with a log line (at most one per node and interval) and nothing written: a key
 * that can name no Device, content that is no such request, an unknown Device, another node's Device,
 * an undeclared property, a value not of the property's type. When the API server cannot be reached
 * the answer is {@link ErrorReplies#unavailable} and the node's outbox sends the request again.
 */
final class DesiredValueHandler implements ResourceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredValueHandler.class);
    static final String SOURCE = "devicecontroller";
    private static final int ATTEMPTS = 5;
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final DeviceReportHandler.ReportQueue writer;
    private final NodeLogLimiter refusals;
    private final LongSupplier clock;

    DesiredValueHandler(KubernetesClient client, DeviceReportHandler.ReportQueue writer) {
        this(client, writer, new NodeLogLimiter(Duration.ofSeconds(10), System::nanoTime,
                (line, cause) -> LOG.warn(line, cause)), System::currentTimeMillis);
    }

    DesiredValueHandler(KubernetesClient client, DeviceReportHandler.ReportQueue writer, NodeLogLimiter refusals,
            LongSupplier clock) {
        this.client = client;
        this.writer = writer;
        this.refusals = refusals;
        this.clock = clock;
    }

    HandlerRegistration registration() {
        return new HandlerRegistration(Set.of(ResourceTypes.DEVICE_DESIRED), Authorization.anyNodeCheckedOnTheObject(),
                this);
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
        DesiredValueRequest request;
        try {
            request = DesiredValueRequest.parse(message.content());
        } catch (ProtocolException e) {
            return refuse(nodeName, message, e.getMessage());
        }
        return writer.submit(nodeName, request.outboxKey(path.namespace(), path.name()), message,
                message.content().toString().length(), () -> write(nodeName, path, message, request));
    }

    private Message write(String nodeName, ResourcePath path, Message message, DesiredValueRequest request) {
        try {
            for (int attempt = 0; ; attempt++) {
                Device device = client.resources(Device.class).inNamespace(path.namespace()).withName(path.name()).get();
                if (device == null) {
                    return refuse(nodeName, message, "device " + path.namespace() + "/" + path.name() + " not found");
                }
                Optional<String> refusal = DeviceReportHandler.TOUCHES.refusal(nodeName, path, device)
                        .or(() -> typeRefusal(path, device, request));
                if (refusal.isPresent()) {
                    return refuse(nodeName, message, refusal.get());
                }
                setDesired(device, request);
                try {
                    Device written = client.resources(Device.class).resource(device).update();
                    return Message.responseTo(message, SOURCE, TextNode.valueOf("OK"))
                            .withResourceVersion(written.getMetadata().getResourceVersion());
                } catch (KubernetesClientException e) {
                    if (e.getCode() != CONFLICT || attempt + 1 >= ATTEMPTS) {
                        throw e;
                    }
                    // someone else wrote the device meanwhile: read it again
                }
            }
        } catch (KubernetesClientException e) {
            LOG.warn("Desired value of device {}/{} from node {} not written: {}", path.namespace(), path.name(),
                    nodeName, e.getMessage());
            return ErrorReplies.unavailable(message, SOURCE, "cloud failed: " + e.getMessage());
        }
    }

    /** Empty when the device or its model declares the property and the value is of its type. */
    private Optional<String> typeRefusal(ResourcePath path, Device device, DesiredValueRequest request) {
        boolean onDevice = device.getSpec().getProperties().stream()
                .anyMatch(property -> request.property().equals(property.getName()));
        Optional<ModelProperty> inModel = DeviceIndex.modelKey(path, device)
                .map(key -> client.resources(DeviceModel.class).inNamespace(key.namespace()).withName(key.name()).get())
                .flatMap(model -> model.getSpec() == null ? Optional.empty() : model.getSpec().getProperties().stream()
                        .filter(property -> request.property().equals(property.getName())).findFirst());
        if (!onDevice && inModel.isEmpty()) {
            return Optional.of("device " + path.namespace() + "/" + path.name() + " declares no property "
                    + request.property());
        }
        String type = inModel.map(ModelProperty::getType).orElse("string");
        return ofType(type, request.value()) ? Optional.empty()
                : Optional.of("value of " + request.property() + " is no " + type);
    }

    private static boolean ofType(String type, String value) {
        try {
            switch (type == null ? "string" : type.toLowerCase(Locale.ROOT)) {
                case "int", "integer" -> Long.parseLong(value);
                case "float", "double" -> Double.parseDouble(value);
                case "boolean" -> {
                    return value.equals("true") || value.equals("false");
                }
                default -> {
                    return true;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void setDesired(Device device, DesiredValueRequest request) {
        DeviceProperty property = device.getSpec().getProperties().stream()
                .filter(p -> request.property().equals(p.getName())).findFirst().orElseGet(() -> {
                    DeviceProperty added = new DeviceProperty();
                    added.setName(request.property());
                    device.getSpec().getProperties().add(added);
                    return added;
                });
        TwinProperty desired = property.getDesired() == null ? new TwinProperty() : property.getDesired();
        Map<String, String> metadata = desired.getMetadata() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(desired.getMetadata());
        metadata.put("timestamp", Long.toString(clock.getAsLong()));
        desired.setValue(request.value());
        desired.setMetadata(metadata);
        property.setDesired(desired);
    }

    /** A final answer, logged: the same request would be refused again. */
    private Message refuse(String nodeName, Message message, String reason) {
        refusals.log(nodeName, "Node " + nodeName + ": refused " + LogSafe.of(message.operation()) + " "
                + LogSafe.of(message.resource()) + ": " + LogSafe.of(reason), null);
        return Message.errorTo(message, SOURCE, reason);
    }
}
