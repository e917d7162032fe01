package io.kedge.devicetwin.link;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.meta.MetaEvent;
import io.kedge.api.meta.MetaListener;
import io.kedge.api.meta.MetaObject;
import io.kedge.api.meta.MetaStore;
import io.kedge.devicetwin.port.CloudDevice;
import io.kedge.devicetwin.port.CloudDevices;
import io.kedge.protocol.ResourceTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds DeviceTwin the devices the cloud bound to this node, from MetaManager's cache: everything
 * held when it starts (devices removed while DeviceTwin was away are dropped), then each change.
 * Sent by: MetaManager only, which holds what the authenticated cloud session delivered for this
 * node. Touches: DeviceTwin's devices and their desired values.
 */
@Component(service = MetaListener.class, property = {
        MetaListener.TYPES + "=" + ResourceTypes.DEVICE, MetaListener.TYPES + "=" + ResourceTypes.DEVICE_MODEL })
public class StoredDevices implements MetaListener {
    private static final Logger LOG = LoggerFactory.getLogger(StoredDevices.class);

    private final CloudDevices twin;
    /** namespace/name → object, as last held. */
    private final Map<String, JsonNode> devices = new HashMap<>();
    private final Map<String, JsonNode> models = new HashMap<>();

    @Activate
    public StoredDevices(@Reference CloudDevices twin, @Reference MetaStore store) {
        this.twin = twin;
        synchronized (this) {
            store.list(ResourceTypes.DEVICE_MODEL, null).forEach(model -> models.put(key(model), model.object()));
            store.list(ResourceTypes.DEVICE, null).forEach(device -> devices.put(key(device), device.object()));
            List<CloudDevice> all = new ArrayList<>();
            devices.values().forEach(device -> all.add(cloudDevice(device)));
            twin.replaceAll(all);
        }
    }

    @Override
    public synchronized void onChange(MetaEvent event) {
        MetaObject object = event.object();
        boolean deleted = event.kind() == MetaEvent.Kind.DELETED;
        try {
            if (ResourceTypes.DEVICE.equals(object.type())) {
                if (deleted) {
                    devices.remove(key(object));
                    twin.remove(key(object));
                } else {
                    devices.put(key(object), object.object());
                    twin.upsert(cloudDevice(object.object()));
                }
            } else if (ResourceTypes.DEVICE_MODEL.equals(object.type())) {
                if (deleted) {
                    models.remove(key(object));
                } else {
                    models.put(key(object), object.object());
                }
                devices.forEach((key, device) -> {
                    if (key.startsWith(object.namespace() + "/")
                            && DeviceObjects.modelName(device).filter(object.name()::equals).isPresent()) {
                        twin.upsert(cloudDevice(device));
                    }
                });
            }
        } catch (RuntimeException e) {
            // One device the twin cannot take (a name KubeEdge's topics cannot carry) must not stop the others.
            LOG.warn("DeviceTwin did not take {} {}: {}", object.type(), object.key(), e.getMessage());
        }
    }

    private CloudDevice cloudDevice(JsonNode device) {
        String namespace = device.path("metadata").path("namespace").asText("default");
        JsonNode model = DeviceObjects.modelName(device).map(name -> models.get(namespace + "/" + name)).orElse(null);
        return DeviceObjects.toCloudDevice(device, model);
    }

    private static String key(MetaObject object) {
        return object.namespace() + "/" + object.name();
    }
}
