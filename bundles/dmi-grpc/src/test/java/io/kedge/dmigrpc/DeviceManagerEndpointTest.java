package io.kedge.dmigrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.kedge.api.devices.DeviceReports;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaObject;
import io.kedge.protocol.ResourceTypes;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import v1beta1.Api;
import v1beta1.DeviceManagerServiceGrpc;

/** Plays a mapper built with KubeEdge's mapper-framework: a client generated from the same proto, over the unix socket. */
class DeviceManagerEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 64 * 1024;

    @TempDir
    Path dir;

    private final NodeDeviceCatalog catalog = new NodeDeviceCatalog();
    private final RecordingReports recorded = new RecordingReports();
    private final AtomicReference<DeviceReports> reports = new AtomicReference<>(recorded);
    private final List<RegisteredMappers.Mapper> heard = new CopyOnWriteArrayList<>();
    private ExecutorService calls;
    private UnixSocketServer server;
    private EventLoopGroup clientLoop;
    private ManagedChannel channel;
    private DeviceManagerServiceGrpc.DeviceManagerServiceBlockingStub dmi;

    @BeforeEach
    void start() throws IOException {
        add(ResourceTypes.DEVICE_MODEL, "default", "thermometer", """
                {"metadata":{"name":"thermometer","namespace":"default"},
                 "spec":{"properties":[{"name":"temperature","type":"float","accessMode":"ReadOnly","unit":"C"},
                                       {"name":"limit","type":"int","accessMode":"ReadWrite"}]}}""");
        add(ResourceTypes.DEVICE, "default", "sensor-1", """
                {"metadata":{"name":"sensor-1","namespace":"default"},
                 "spec":{"deviceModelRef":{"name":"thermometer"},
                         "protocol":{"protocolName":"virtual","configData":{"seed":7,"label":"a"}},
                         "properties":[{"name":"temperature","collectCycle":500,"reportCycle":1000,
                                        "visitors":{"protocolName":"virtual","configData":{"function":"sine"}}},
                                       {"name":"limit","desired":{"value":"30"}}]}}""");
        add(ResourceTypes.DEVICE, "plant", "meter-1", """
                {"metadata":{"name":"meter-1","namespace":"plant"},
                 "spec":{"deviceModelRef":{"name":"meter"},"protocol":{"protocolName":"modbus"}}}""");
        calls = Executors.newFixedThreadPool(2);
        server = new UnixSocketServer(dir.resolve("dmi").resolve("dmi.sock"), false, MAX_MESSAGE, calls,
                new DeviceManagerEndpoint(catalog, new RegisteredMappers(), reports::get, heard::add));
        clientLoop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(server.socket().toString()))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(clientLoop).usePlaintext().build();
        dmi = DeviceManagerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        server.close();
        calls.shutdownNow();
    }

    @Test
    void aRegisteringMapperGetsTheDevicesAndModelsOfItsProtocolOnly() throws Exception {
        Api.MapperRegisterResponse answer = register("virtual");

        assertThat(answer.getDeviceListList()).extracting(Api.Device::getName).containsExactly("sensor-1");
        Api.Device device = answer.getDeviceList(0);
        assertThat(device.getNamespace()).isEqualTo("default");
        assertThat(device.getSpec().getDeviceModelReference()).isEqualTo("thermometer");
        assertThat(device.getSpec().getProtocol().getProtocolName()).isEqualTo("virtual");
        Map<String, com.google.protobuf.Any> config = device.getSpec().getProtocol().getConfigData().getDataMap();
        assertThat(config.get("seed").unpack(Int32Value.class).getValue()).isEqualTo(7);
        assertThat(config.get("label").unpack(StringValue.class).getValue()).isEqualTo("a");
        Api.DeviceProperty temperature = device.getSpec().getProperties(0);
        assertThat(temperature.getCollectCycle()).isEqualTo(500);
        assertThat(temperature.getVisitors().getConfigData().getDataMap().get("function").unpack(StringValue.class)
                .getValue()).isEqualTo("sine");
        assertThat(device.getSpec().getProperties(1).getDesired().getValue()).isEqualTo("30");
        assertThat(answer.getModelListList()).extracting(Api.DeviceModel::getName).containsExactly("thermometer");
        assertThat(answer.getModelList(0).getSpec().getPropertiesList()).extracting(Api.ModelProperty::getType)
                .containsExactly("float", "int");
        assertThat(heard).extracting(RegisteredMappers.Mapper::address).containsExactly("/tmp/mapper-virtual.sock");
        assertThat(Files.getPosixFilePermissions(server.socket())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void twinsAndStatesOfARegisteredMappersDeviceReachDeviceTwin() {
        register("virtual");

        dmi.reportDeviceStatus(Api.ReportDeviceStatusRequest.newBuilder().setDeviceName("sensor-1")
                .setReportedDevice(Api.DeviceStatus.newBuilder().addTwins(Api.Twin.newBuilder()
                        .setPropertyName("temperature")
                        .setReported(Api.TwinProperty.newBuilder().setValue("21.5")
                                .putMetadata("timestamp", "1700000000000").putMetadata("type", "float"))))
                .build());
        dmi.reportDeviceStates(Api.ReportDeviceStatesRequest.newBuilder().setDeviceName("sensor-1")
                .setDeviceNamespace("default").setState("ok").build());
        dmi.reportDeviceStates(Api.ReportDeviceStatesRequest.newBuilder().setDeviceName("sensor-1")
                .setState("disconnected").build());

        assertThat(recorded.events).containsExactly(
                "twins default/sensor-1 {temperature=21.5} at 1700000000000",
                "state default/sensor-1 online ",
                "state default/sensor-1 offline the mapper reports it disconnected");
    }

    @Test
    void reportsForDevicesNotOnThisNodeOrOfAnotherProtocolAreRefusedAndTheServerKeepsServing() {
        register("virtual");

        assertThat(status(() -> reportTwin("default", "nobody"))).satisfies(s -> {
            assertThat(s.getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(s.getDescription()).isEqualTo("device default/nobody is not on this node");
        });
        assertThat(status(() -> reportTwin("plant", "meter-1"))).satisfies(s -> {
            assertThat(s.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(s.getDescription()).contains("protocol 'modbus'");
        });
        assertThat(status(() -> dmi.reportDeviceStates(Api.ReportDeviceStatesRequest.newBuilder()
                .setDeviceName("plant/../meter-1").setState("ok").build())).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(status(() -> dmi.reportDeviceStates(Api.ReportDeviceStatesRequest.newBuilder()
                .setDeviceName("sensor-1").setState("exploded").build())).getDescription()).contains("exploded");
        assertThat(status(() -> dmi.mapperRegister(Api.MapperRegisterRequest.newBuilder().build())).getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(recorded.events).isEmpty();

        reportTwin("default", "sensor-1");
        assertThat(recorded.events).hasSize(1);
    }

    @Test
    void deviceTwinsRefusalAndAbsenceBecomeStatuses() {
        register("virtual");
        recorded.refuse = new IllegalArgumentException("temperature: not a float");
        assertThat(status(() -> reportTwin("default", "sensor-1"))).satisfies(s -> {
            assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(s.getDescription()).isEqualTo("temperature: not a float");
        });
        reports.set(null);
        assertThat(status(() -> reportTwin("default", "sensor-1")).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void anOversizedMessageIsRefusedAndTheServerKeepsServing() {
        register("virtual");
        String huge = "x".repeat(MAX_MESSAGE * 2);
        Api.ReportDeviceStatusRequest request = Api.ReportDeviceStatusRequest.newBuilder().setDeviceName("sensor-1")
                .setReportedDevice(Api.DeviceStatus.newBuilder().addTwins(Api.Twin.newBuilder()
                        .setPropertyName("temperature").setReported(Api.TwinProperty.newBuilder().setValue(huge))))
                .build();

        assertThat(status(() -> dmi.reportDeviceStatus(request)).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(recorded.events).isEmpty();
        reportTwin("default", "sensor-1");
        assertThat(recorded.events).hasSize(1);
    }

    @Test
    void garbageOnTheSocketClosesThatConnectionOnly() throws Exception {
        register("virtual");
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
            raw.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n\u0000\u0001garbage".getBytes(StandardCharsets.UTF_8)));
            CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> readUntilClosed(raw));
            assertThat(closed.get(20, TimeUnit.SECONDS)).isEqualTo(-1);
        }
        reportTwin("default", "sensor-1");
        assertThat(recorded.events).hasSize(1);
    }

    private static int readUntilClosed(SocketChannel raw) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            for (int i = 0; i < 1000; i++) {
                buffer.clear();
                if (raw.read(buffer) < 0) {
                    return -1;
                }
            }
            return 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private Api.MapperRegisterResponse register(String protocol) {
        return dmi.mapperRegister(Api.MapperRegisterRequest.newBuilder().setWithData(true)
                .setMapper(Api.MapperInfo.newBuilder().setName(protocol + "-mapper").setVersion("v1.0.0")
                        .setApiVersion("v1beta1").setProtocol(protocol)
                        .setAddress(ByteString.copyFromUtf8("/tmp/mapper-" + protocol + ".sock")).setState("ok"))
                .build());
    }

    private void reportTwin(String namespace, String name) {
        dmi.reportDeviceStatus(Api.ReportDeviceStatusRequest.newBuilder().setDeviceName(name)
                .setDeviceNamespace(namespace)
                .setReportedDevice(Api.DeviceStatus.newBuilder().addTwins(Api.Twin.newBuilder()
                        .setPropertyName("temperature").setReported(Api.TwinProperty.newBuilder().setValue("20"))))
                .build());
    }

    private static Status status(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
        throw new AssertionError("the call succeeded");
    }

    private void add(String type, String namespace, String name, String json) {
        try {
            JsonNode object = JSON.readTree(json);
            catalog.onChange(new MetaEvent(MetaEvent.Kind.ADDED, new MetaObject(namespace, type, name, "", "1", object), 1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class RecordingReports implements DeviceReports {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile RuntimeException refuse;

        @Override
        public void reportTwins(String deviceId, Map<String, String> reported, long timestamp) {
            if (refuse != null) {
                throw refuse;
            }
            events.add("twins " + deviceId + " " + reported + (reported.containsKey("temperature")
                    && "21.5".equals(reported.get("temperature")) ? " at " + timestamp : ""));
        }

        @Override
        public void reportState(String deviceId, String state, String reason) {
            events.add("state " + deviceId + " " + state + " " + reason);
        }
    }
}
