package io.kedge.devicedata;

import io.kedge.api.devices.DeviceReadings;
import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.metrics.MetricsSource;
import io.kedge.api.mqtt.MqttPublisher;
import io.kedge.api.node.NodeIdentity;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
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
 * Device data on the node, apart from the control plane: registers a {@link DeviceReadings}
 * listener (DMI hands it every reading), keeps the readings in {@code DATA/device-data/readings.db},
 * pushes them per pushMethod and serves the REST API ({@link DataApi}) on its own loopback port.
 * The listener is registered once the port is bound, with the address as service properties
 * {@value #PORT_PROPERTY} and {@value #URL_PROPERTY}, so tools and tests find a system-chosen port.
 *
 * <p>Threads: one serial executor for flushes and retention; REST requests run on the node's
 * blocking pool, at most {@code request.threads} at once. Two threads of their own, both in the JDK: the HTTP server's dispatcher
 * (accepts and reads requests) and the HTTP client's selector (drives the asynchronous pushes).
 */
@Component(service = {}, immediate = true, configurationPid = DeviceDataComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DeviceDataConfiguration.class)
public class DeviceDataComponent {
    static final String PID = "io.kedge.devicedata";
    /** Service property of the registered listener: the REST API's port. */
    static final String PORT_PROPERTY = "kedge.devicedata.port";
    /** Service property of the registered listener: the REST API's base URL. */
    static final String URL_PROPERTY = "kedge.devicedata.url";
    private static final Logger LOG = LoggerFactory.getLogger(DeviceDataComponent.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MqttPublisher mqtt;

    private final ReadingStore store;
    private final ScheduledExecutorService serial;
    private final DataServer server;
    private final Recorder recorder;
    private final ServiceRegistration<?> registration;

    @Activate
    public DeviceDataComponent(BundleContext context, DeviceDataConfiguration config, @Reference NodeIdentity identity,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) throws Exception {
        Path folder = identity.dataDirectory().resolve("device-data");
        Files.createDirectories(folder);
        store = ReadingStore.open(folder.resolve("readings.db"),
                new Retention(Duration.ofHours(Math.max(1, config.retention_hours())), Math.max(1, config.retention_rows())));
        DataCounters counters = new DataCounters();
        recorder = new Recorder(store, config.write_queue(), counters);
        serial = executors.newSerialExecutor("device-data");
        try {
            server = DataServer.start(config.host(), config.port(),
                    new DataApi(store, config.history_default_limit(), config.history_max_limit()),
                    new LimitedExecutor(executors.blocking(), config.request_threads()));
        } catch (Exception e) {
            serial.shutdownNow();
            store.close();
            throw e;
        }
        Supplier<HttpClient> client = () -> HttpClient.newBuilder().executor(executors.blocking())
                .connectTimeout(Duration.ofMillis(Math.max(1, config.http_max_timeout_millis()))).build();
        HttpPush http = new HttpPush(client, config.http_max_in_flight(),
                Duration.ofMillis(Math.max(1, config.http_timeout_millis())),
                Duration.ofMillis(Math.max(1, config.http_max_timeout_millis())), counters);
        DeviceData data = new DeviceData(recorder, new MqttPush(() -> Optional.ofNullable(mqtt), counters), http);
        long flush = Math.max(1, config.flush_millis());
        serial.scheduleWithFixedDelay(recorder::flush, flush, flush, TimeUnit.MILLISECONDS);
        long prune = Math.max(1, config.prune_seconds());
        serial.scheduleWithFixedDelay(() -> recorder.prune(System.currentTimeMillis()), 0, prune, TimeUnit.SECONDS);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PORT_PROPERTY, server.port());
        properties.put(URL_PROPERTY, server.url());
        registration = context.registerService(new String[] {DeviceReadings.class.getName(), MetricsSource.class.getName()},
                new Registered(data, counters), properties);
        LOG.info("Device data: REST API on {}, time series in {}", server.url(), folder);
    }

    /** One object for both services, so the two come and go together. */
    private record Registered(DeviceData data, DataCounters counters) implements DeviceReadings, MetricsSource {
        @Override
        public void reading(String deviceId, String property, String value, long timestampMillis,
                java.util.Map<String, Object> pushMethod) {
            data.reading(deviceId, property, value, timestampMillis, pushMethod);
        }

        @Override
        public void writeTo(io.kedge.api.metrics.MetricsWriter out) {
            counters.writeTo(out);
        }
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters it when our bundle stops first
        }
        server.close();
        serial.shutdownNow();
        recorder.flush(); // what waits is kept
        store.close();
    }
}
