package io.kedge.dmigrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.kedge.api.devices.DeviceReports;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import v1beta1.Api;
import v1beta1.DeviceManagerServiceGrpc;

/**
 * KubeEdge's DMI v1beta1 DeviceManagerService on the node. Who may call it: any local process that
 * can open the unix socket, which the node creates with mode 0600 (0660 when configured), owned by
 * the node's user; nothing reaches it over the network. What a call may touch: MapperRegister
 * records a mapper and reads the Devices and DeviceModels of its protocol; the reports reach
 * DeviceTwin only for a device this node holds whose protocol a registered mapper serves. Anything
 * else is refused with a gRPC status (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION,
 * UNAVAILABLE) and changes nothing.
 */
final class DeviceManagerEndpoint extends DeviceManagerServiceGrpc.DeviceManagerServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceManagerEndpoint.class);
    private static final int MAX_NAME = 253;

    private final NodeDeviceCatalog catalog;
    private final RegisteredMappers mappers;
    private final Supplier<DeviceReports> reports;
    private final MapperRegistrationListener onRegister;

    /** Hears of each mapper that registered, after its entry is recorded. */
    interface MapperRegistrationListener {
        void registered(RegisteredMappers.Mapper mapper);
    }

    DeviceManagerEndpoint(NodeDeviceCatalog catalog, RegisteredMappers mappers, Supplier<DeviceReports> reports,
            MapperRegistrationListener onRegister) {
        this.catalog = catalog;
        this.mappers = mappers;
        this.reports = reports;
        this.onRegister = onRegister;
    }

    @Override
    public void mapperRegister(Api.MapperRegisterRequest request, StreamObserver<Api.MapperRegisterResponse> response) {
        answer(response, () -> {
            Api.MapperInfo info = request.getMapper();
            String name = required(info.getName(), "mapper.name");
            String protocol = required(info.getProtocol(), "mapper.protocol");
            RegisteredMappers.Mapper mapper = new RegisteredMappers.Mapper(name, info.getVersion(), info.getApiVersion(),
                    protocol, info.getAddress().toString(StandardCharsets.UTF_8), info.getState());
            mappers.register(mapper);
            LOG.info("Mapper {} {} registered for protocol {} (its socket: {})", name, mapper.version(), protocol,
                    mapper.address());
            onRegister.registered(mapper);
            Api.MapperRegisterResponse.Builder answer = Api.MapperRegisterResponse.newBuilder();
            if (request.getWithData()) {
                List<JsonNode> devices = catalog.devices(protocol);
                devices.forEach(device -> answer.addDeviceList(ProtoDevices.device(device)));
                catalog.modelsOf(devices).forEach(model -> answer.addModelList(ProtoDevices.model(model)));
            }
            return answer.build();
        });
    }

    @Override
    public void reportDeviceStatus(Api.ReportDeviceStatusRequest request,
            StreamObserver<Api.ReportDeviceStatusResponse> response) {
        answer(response, () -> {
            String id = servedDevice(request.getDeviceNamespace(), request.getDeviceName());
            Map<String, String> reported = new LinkedHashMap<>();
            long timestamp = System.currentTimeMillis();
            for (Api.Twin twin : request.getReportedDevice().getTwinsList()) {
                String property = required(twin.getPropertyName(), "twins[].propertyName");
                if (twin.hasReported()) {
                    reported.put(property, twin.getReported().getValue());
                    timestamp = timestampOr(twin.getReported().getMetadataMap().get("timestamp"), timestamp);
                }
            }
            if (!reported.isEmpty()) {
                reports().reportTwins(id, reported, timestamp);
            }
            return Api.ReportDeviceStatusResponse.getDefaultInstance();
        });
    }

    @Override
    public void reportDeviceStates(Api.ReportDeviceStatesRequest request,
            StreamObserver<Api.ReportDeviceStatesResponse> response) {
        answer(response, () -> {
            String id = servedDevice(request.getDeviceNamespace(), request.getDeviceName());
            MapperStates.State state = MapperStates.of(request.getState());
            reports().reportState(id, state.state(), state.reason());
            return Api.ReportDeviceStatesResponse.getDefaultInstance();
        });
    }

    /** The device's id if this node holds it and a registered mapper serves its protocol. */
    private String servedDevice(String namespace, String name) {
        required(name, "deviceName");
        if (namespace.length() > MAX_NAME) {
            throw invalid("deviceNamespace is longer than " + MAX_NAME + " characters");
        }
        String id = NodeDeviceCatalog.key(namespace, name);
        JsonNode device = catalog.device(namespace, name).orElseThrow(() ->
                Status.NOT_FOUND.withDescription("device " + id + " is not on this node").asRuntimeException());
        String protocol = NodeDeviceCatalog.protocol(device);
        if (!mappers.servesProtocol(protocol)) {
            throw Status.FAILED_PRECONDITION.withDescription("device " + id + " is of protocol '" + protocol
                    + "', which no registered mapper serves").asRuntimeException();
        }
        return id;
    }

    private DeviceReports reports() {
        DeviceReports current = reports.get();
        if (current == null) {
            throw Status.UNAVAILABLE.withDescription("DeviceTwin is not running; report again later").asRuntimeException();
        }
        return current;
    }

    private static long timestampOr(String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            long millis = Long.parseLong(text.trim());
            return millis > 0 ? millis : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String required(String value, String field) {
        if (value.isBlank()) {
            throw invalid(field + " is missing");
        }
        if (value.length() > MAX_NAME) {
            throw invalid(field + " is longer than " + MAX_NAME + " characters");
        }
        return value.trim();
    }

    private static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }

    /** Runs one call; DeviceTwin's refusals become statuses, so a bad report never reaches the transport as an error. */
    private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        } catch (IllegalArgumentException e) {
            response.onError(invalid(e.getMessage()));
            return;
        } catch (IllegalStateException e) {
            response.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            LOG.warn("DMI call failed", e);
            response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }
}
