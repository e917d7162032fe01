package io.kedge.devicetwin;

import io.kedge.api.devices.DeviceReports;
import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.NodeDevices;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.node.NodeIdentity;
import io.kedge.devicetwin.port.CloudDevice;
import io.kedge.devicetwin.port.CloudDevices;
import io.kedge.devicetwin.port.CloudPort;
import io.kedge.devicetwin.port.MqttPort;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceScope;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeviceTwin on the node: {@code DIR/devicetwin/twin.db}, subscribed to the device topics of
 * {@link DeviceTopics#filters}. Waits for an {@link MqttPort} and a {@link CloudPort} service (the
 * adapters to the eventbus and to the outbox, registered from this bundle); until both exist it
 * stays unsatisfied and nothing else is affected. Offers {@link CloudDevices} for the side that
 * receives Device objects from the cloud, {@link NodeDevices} for the console and the shell, and
 * {@link DeviceReports} for DMI (readings and states take the path of MQTT twin and state updates).
 * Threads: none of its own; a timer on the node's shared serial executor offers refused reports again.
 */
@Component(service = {CloudDevices.class, NodeDevices.class, DeviceReports.class}, immediate = true, configurationPid = "io.kedge.devicetwin")
@Designate(ocd = DeviceTwinConfiguration.class)
public class DeviceTwinComponent implements CloudDevices, NodeDevices, DeviceReports {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTwinComponent.class);

    private final TwinStore store;
    private final DeviceTwin twin;
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final NodeDevices view;

    @Activate
    public DeviceTwinComponent(DeviceTwinConfiguration config, @Reference NodeIdentity identity,
            @Reference MqttPort mqtt, @Reference CloudPort cloud,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) throws Exception {
        Path file = identity.dataDirectory().resolve("devicetwin").resolve("twin.db");
        store = TwinStore.open(file, config.busy_timeout_millis());
        try {
            twin = new DeviceTwin(identity.nodeName(), store, mqtt, cloud, config.max_payload_bytes(),
                    System::currentTimeMillis, () -> UUID.randomUUID().toString());
            subscriptions.add(mqtt.subscribe(twin.topicFilters(), twin::onMessage));
        } catch (SQLException | RuntimeException e) {
            closeAll();
            throw e;
        }
        view = new NodeDevicesView(twin::devices);
        timer = executors.newSerialExecutor("devicetwin-reports");
        int retry = Math.max(1, config.report_retry_seconds());
        timer.execute(twin::resendPending);
        timer.scheduleWithFixedDelay(twin::retryFailedReports, retry, retry, TimeUnit.SECONDS);
        LOG.info("DeviceTwin holds {} devices from {}", twin.devices().size(), file);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        endSubscriptions();
        try {
            twin.close(); // waits for a message still being handled: it is answered, not refused with a 500
        } catch (SQLException e) {
            LOG.warn("Cannot close the device twin database: {}", e.getMessage());
        }
    }

    @Override
    public void upsert(CloudDevice device) {
        twin.upsert(device);
    }

    @Override
    public void remove(String deviceId) {
        twin.remove(deviceId);
    }

    @Override
    public List<DeviceSummary> devices() {
        return view.devices();
    }

    @Override
    public void reportTwins(String deviceId, Map<String, String> reported, long timestamp) {
        twin.reportTwins(deviceId, reported, timestamp);
    }

    @Override
    public void reportState(String deviceId, String state, String reason) {
        twin.reportState(deviceId, state, reason);
    }

    @Override
    public void replaceAll(List<CloudDevice> devices) {
        twin.replaceAll(devices);
    }

    private void closeAll() {
        endSubscriptions();
        try {
            store.close();
        } catch (SQLException e) {
            LOG.warn("Cannot close the device twin database: {}", e.getMessage());
        }
    }

    private void endSubscriptions() {
        for (AutoCloseable subscription : subscriptions) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("Cannot end a DeviceTwin subscription: {}", e.getMessage());
            }
        }
        subscriptions.clear();
    }
}
