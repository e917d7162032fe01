package io.kedge.dmigrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.stub.StreamObserver;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaObject;
import io.kedge.protocol.ResourceTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import v1beta1.Api;
import v1beta1.DeviceMapperServiceGrpc;

/** The node calls a mapper's own DeviceMapperService (a server generated from the same proto) when its devices change. */
class MapperCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final NodeDeviceCatalog catalog = new NodeDeviceCatalog();
    private final RegisteredMappers mappers = new RegisteredMappers();
    private final RecordingMapper mapper = new RecordingMapper();
    private final MapperChannels channels = new MapperChannels();
    private ExecutorService mapperThreads;
    private UnixSocketServer mapperServer;
    private MapperCalls calls;

    @BeforeEach
    void start() throws IOException {
        mapperThreads = Executors.newFixedThreadPool(2);
        mapperServer = new UnixSocketServer(dir.resolve("mapper.sock"), false, 1 << 20, mapperThreads, mapper);
        calls = new MapperCalls(mappers, catalog, channels, Runnable::run);
        mappers.register(new RegisteredMappers.Mapper("virtual-mapper", "v1", "v1beta1", "virtual",
                "unix://" + mapperServer.socket(), "ok"));
        mappers.register(new RegisteredMappers.Mapper("gone-mapper", "v1", "v1beta1", "virtual",
                dir.resolve("nobody.sock").toString(), "ok"));
    }

    @AfterEach
    void stop() {
        channels.close();
        mapperServer.close();
        mapperThreads.shutdownNow();
    }

    @Test
    void devicesAndModelsOfTheMappersProtocolReachItAsTheyChange() {
        change(MetaEvent.Kind.ADDED, ResourceTypes.DEVICE_MODEL, "thermometer",
                "{\"metadata\":{\"name\":\"thermometer\",\"namespace\":\"default\"},\"spec\":{\"properties\":[]}}");
        change(MetaEvent.Kind.ADDED, ResourceTypes.DEVICE, "sensor-1", device("sensor-1", "virtual", 1));
        change(MetaEvent.Kind.MODIFIED, ResourceTypes.DEVICE, "sensor-1", device("sensor-1", "virtual", 2));
        change(MetaEvent.Kind.ADDED, ResourceTypes.DEVICE, "meter-1", device("meter-1", "modbus", 1));
        change(MetaEvent.Kind.MODIFIED, ResourceTypes.DEVICE_MODEL, "thermometer",
                "{\"metadata\":{\"name\":\"thermometer\",\"namespace\":\"default\"},\"spec\":{\"properties\":[]}}");
        change(MetaEvent.Kind.DELETED, ResourceTypes.DEVICE, "sensor-1", device("sensor-1", "virtual", 2));

        assertThat(mapper.calls).containsExactly(
                "CreateDeviceModel default/thermometer",
                "RegisterDevice default/sensor-1 seed=1",
                "UpdateDevice default/sensor-1 seed=2",
                "UpdateDeviceModel default/thermometer",
                "RemoveDevice default/sensor-1");
    }

    private static String device(String name, String protocol, int seed) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"},\"spec\":{\"deviceModelRef\":"
                + "{\"name\":\"thermometer\"},\"protocol\":{\"protocolName\":\"" + protocol
                + "\",\"configData\":{\"seed\":" + seed + "}}}}";
    }

    private void change(MetaEvent.Kind kind, String type, String name, String json) {
        try {
            JsonNode object = JSON.readTree(json);
            MetaEvent event = new MetaEvent(kind, new MetaObject("default", type, name, "", "1", object), 1);
            calls.changed(event, catalog.onChange(event));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class RecordingMapper extends DeviceMapperServiceGrpc.DeviceMapperServiceImplBase {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void registerDevice(Api.RegisterDeviceRequest request, StreamObserver<Api.RegisterDeviceResponse> response) {
            calls.add("RegisterDevice " + id(request.getDevice()) + " seed=" + seed(request.getDevice()));
            done(response, Api.RegisterDeviceResponse.newBuilder().setDeviceName(request.getDevice().getName()).build());
        }

        @Override
        public void updateDevice(Api.UpdateDeviceRequest request, StreamObserver<Api.UpdateDeviceResponse> response) {
            calls.add("UpdateDevice " + id(request.getDevice()) + " seed=" + seed(request.getDevice()));
            done(response, Api.UpdateDeviceResponse.getDefaultInstance());
        }

        @Override
        public void removeDevice(Api.RemoveDeviceRequest request, StreamObserver<Api.RemoveDeviceResponse> response) {
            calls.add("RemoveDevice " + request.getDeviceNamespace() + "/" + request.getDeviceName());
            done(response, Api.RemoveDeviceResponse.getDefaultInstance());
        }

        @Override
        public void createDeviceModel(Api.CreateDeviceModelRequest request,
                StreamObserver<Api.CreateDeviceModelResponse> response) {
            calls.add("CreateDeviceModel " + request.getModel().getNamespace() + "/" + request.getModel().getName());
            done(response, Api.CreateDeviceModelResponse.getDefaultInstance());
        }

        @Override
        public void updateDeviceModel(Api.UpdateDeviceModelRequest request,
                StreamObserver<Api.UpdateDeviceModelResponse> response) {
            calls.add("UpdateDeviceModel " + request.getModel().getNamespace() + "/" + request.getModel().getName());
            done(response, Api.UpdateDeviceModelResponse.getDefaultInstance());
        }

        private static String id(Api.Device device) {
            return device.getNamespace() + "/" + device.getName();
        }

        private static int seed(Api.Device device) {
            try {
                return device.getSpec().getProtocol().getConfigData().getDataMap().get("seed")
                        .unpack(com.google.protobuf.Int32Value.class).getValue();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        private static <T> void done(StreamObserver<T> response, T value) {
            response.onNext(value);
            response.onCompleted();
        }
    }
}
