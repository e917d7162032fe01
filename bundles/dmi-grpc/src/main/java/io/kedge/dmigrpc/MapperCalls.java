package io.kedge.dmigrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.StatusRuntimeException;
import io.kedge.api.meta.MetaEvent;
import io.kedge.protocol.ResourceTypes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import v1beta1.Api;
import v1beta1.DeviceMapperServiceGrpc;
import v1beta1.DeviceMapperServiceGrpc.DeviceMapperServiceBlockingStub;

/**
 * Tells registered mappers of changes to the devices and models of their protocol, through their
 * DeviceMapperService: RegisterDevice / UpdateDevice / RemoveDevice, CreateDeviceModel /
 * UpdateDeviceModel / RemoveDeviceModel. Calls run in order on one serial executor; a mapper that
 * does not answer is logged and skipped (it gets the whole list again when it registers again).
 */
final class MapperCalls {
    private static final Logger LOG = LoggerFactory.getLogger(MapperCalls.class);
    private static final long DEADLINE_SECONDS = 5;

    private final RegisteredMappers mappers;
    private final NodeDeviceCatalog catalog;
    private final MapperChannels channels;
    private final Executor serial;

    MapperCalls(RegisteredMappers mappers, NodeDeviceCatalog catalog, MapperChannels channels, Executor serial) {
        this.mappers = mappers;
        this.catalog = catalog;
        this.channels = channels;
        this.serial = serial;
    }

    /** After the catalog took {@code event}; {@code previous} is what it held before. */
    void changed(MetaEvent event, JsonNode previous) {
        serial.execute(() -> {
            if (ResourceTypes.DEVICE.equals(event.object().type())) {
                deviceChanged(event, previous);
            } else if (ResourceTypes.DEVICE_MODEL.equals(event.object().type())) {
                modelChanged(event, previous);
            }
        });
    }

    private void deviceChanged(MetaEvent event, JsonNode previous) {
        JsonNode device = event.object().object();
        String protocol = NodeDeviceCatalog.protocol(device);
        String before = previous == null ? null : NodeDeviceCatalog.protocol(previous);
        Api.Device proto = ProtoDevices.device(device);
        if (event.kind() == MetaEvent.Kind.DELETED) {
            call(protocol, "RemoveDevice " + proto.getName(), mapper -> mapper.removeDevice(Api.RemoveDeviceRequest
                    .newBuilder().setDeviceName(proto.getName()).setDeviceNamespace(proto.getNamespace()).build()));
            return;
        }
        if (before != null && !before.equals(protocol)) {
            call(before, "RemoveDevice " + proto.getName(), mapper -> mapper.removeDevice(Api.RemoveDeviceRequest
                    .newBuilder().setDeviceName(proto.getName()).setDeviceNamespace(proto.getNamespace()).build()));
        }
        if (before != null && before.equals(protocol)) {
            call(protocol, "UpdateDevice " + proto.getName(),
                    mapper -> mapper.updateDevice(Api.UpdateDeviceRequest.newBuilder().setDevice(proto).build()));
        } else {
            catalog.modelsOf(List.of(device)).forEach(model -> call(protocol, "CreateDeviceModel",
                    mapper -> mapper.createDeviceModel(Api.CreateDeviceModelRequest.newBuilder()
                            .setModel(ProtoDevices.model(model)).build())));
            call(protocol, "RegisterDevice " + proto.getName(),
                    mapper -> mapper.registerDevice(Api.RegisterDeviceRequest.newBuilder().setDevice(proto).build()));
        }
    }

    private void modelChanged(MetaEvent event, JsonNode previous) {
        Api.DeviceModel model = ProtoDevices.model(event.object().object());
        Set<String> protocols = new LinkedHashSet<>();
        catalog.devicesOfModel(model.getNamespace(), model.getName())
                .forEach(device -> protocols.add(NodeDeviceCatalog.protocol(device)));
        for (String protocol : protocols) {
            if (event.kind() == MetaEvent.Kind.DELETED) {
                call(protocol, "RemoveDeviceModel " + model.getName(), mapper -> mapper.removeDeviceModel(
                        Api.RemoveDeviceModelRequest.newBuilder().setModelName(model.getName())
                                .setModelNamespace(model.getNamespace()).build()));
            } else if (previous == null) {
                call(protocol, "CreateDeviceModel " + model.getName(), mapper -> mapper.createDeviceModel(
                        Api.CreateDeviceModelRequest.newBuilder().setModel(model).build()));
            } else {
                call(protocol, "UpdateDeviceModel " + model.getName(), mapper -> mapper.updateDeviceModel(
                        Api.UpdateDeviceModelRequest.newBuilder().setModel(model).build()));
            }
        }
    }

    private void call(String protocol, String what, Consumer<DeviceMapperServiceBlockingStub> call) {
        for (RegisteredMappers.Mapper mapper : mappers.ofProtocol(protocol)) {
            if (mapper.address().isBlank()) {
                continue;
            }
            try {
                call.accept(DeviceMapperServiceGrpc.newBlockingStub(channels.to(mapper.address()))
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS));
            } catch (StatusRuntimeException e) {
                LOG.warn("Mapper {} at {} did not take {}: {}", mapper.name(), mapper.address(), what, e.getStatus());
            }
        }
    }
}
