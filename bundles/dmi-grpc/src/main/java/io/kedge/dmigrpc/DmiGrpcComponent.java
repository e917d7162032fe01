package io.kedge.dmigrpc;

import io.kedge.api.devices.DeviceReports;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.node.NodeIdentity;
import io.kedge.protocol.ResourceTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferenceScope;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DMI gRPC bridge: serves KubeEdge's DMI v1beta1 DeviceManagerService on a unix socket so a
 * mapper built with KubeEdge's mapper-framework registers with this node and reports to DeviceTwin
 * (see {@link DeviceManagerEndpoint} for who may call it and what a call may touch). Hears of the
 * node's Devices and DeviceModels as a {@link MetaListener}, from MetaManager only, and passes
 * their changes on to the registered mappers of their protocol ({@link MapperCalls}). Threads: two
 * epoll event loops, one for the node's socket, one for the channels to the mappers' sockets;
 * calls from mappers run on the node's blocking pool, calls to mappers on one serial executor.
 */
@Component(service = MetaListener.class, immediate = true, configurationPid = "io.kedge.dmigrpc",
        property = {MetaListener.TYPES + "=" + ResourceTypes.DEVICE, MetaListener.TYPES + "=" + ResourceTypes.DEVICE_MODEL})
@Designate(ocd = DmiGrpcConfiguration.class)
public class DmiGrpcComponent implements MetaListener {
    private static final Logger LOG = LoggerFactory.getLogger(DmiGrpcComponent.class);

    private final NodeDeviceCatalog catalog = new NodeDeviceCatalog();
    private final AtomicReference<DeviceReports> reports = new AtomicReference<>();
    private final ScheduledExecutorService serial;
    private final MapperChannels channels = new MapperChannels();
    private final MapperCalls calls;
    private final UnixSocketServer server;

    @Activate
    public DmiGrpcComponent(DmiGrpcConfiguration config, @Reference NodeIdentity identity,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) throws IOException {
        Path socket = config.socket_path().isBlank()
                ? identity.dataDirectory().resolve("dmi").resolve("dmi.sock")
                : Path.of(config.socket_path().trim());
        RegisteredMappers mappers = new RegisteredMappers();
        serial = executors.newSerialExecutor("dmi-grpc");
        calls = new MapperCalls(mappers, catalog, channels, serial);
        DeviceManagerEndpoint endpoint = new DeviceManagerEndpoint(catalog, mappers, reports::get, mapper -> { });
        try {
            server = new UnixSocketServer(socket, config.group_access(), Math.max(1024, config.max_message_bytes()),
                    executors.blocking(), endpoint);
        } catch (IOException | RuntimeException e) {
            serial.shutdownNow();
            channels.close();
            throw e;
        }
        LOG.info("DMI gRPC serves DeviceManagerService on {}", socket);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setReports(DeviceReports current) {
        reports.set(current);
    }

    void unsetReports(DeviceReports gone) {
        reports.compareAndSet(gone, null);
    }

    @Override
    public void onChange(MetaEvent event) {
        calls.changed(event, catalog.onChange(event));
    }

    @Deactivate
    void deactivate() {
        server.close();
        serial.shutdownNow();
        channels.close();
    }
}
