package io.kedge.distro;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Devices in one namespace as a user handles them through the API: YAML applied as with
 * {@code kubectl apply}, a desired value edited, and what the node reported read back from the
 * Device's status.
 */
final class DeviceResources {
    static final String API_VERSION = "devices.kubeedge.io/v1beta1";

    private final KubernetesClient kube;
    private final String namespace;

    DeviceResources(KubernetesClient kube, String namespace) {
        this.kube = kube;
        this.namespace = namespace;
    }

    /** Creates or updates every object of a (multi-document) YAML text. */
    void apply(String yaml) {
        List<HasMetadata> items = kube.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
        items.forEach(item -> kube.resource(item).createOr(NonDeletingOperation::update));
    }

    /** Sets spec.properties[property].desired.value of a device, as a user edits the Device. */
    @SuppressWarnings("unchecked")
    void setDesired(String device, String property, String value) {
        kube.genericKubernetesResources(API_VERSION, "Device").inNamespace(namespace).withName(device).edit(object -> {
            Map<String, Object> spec = (Map<String, Object>) object.getAdditionalProperties().get("spec");
            for (Map<String, Object> entry : (List<Map<String, Object>>) spec.get("properties")) {
                if (property.equals(entry.get("name"))) {
                    ((Map<String, Object>) entry.get("desired")).put("value", value);
                }
            }
            return object;
        });
    }

    /** status.twins[property].reported.value of a device, null when none. */
    @SuppressWarnings("unchecked")
    String reported(String device, String property) {
        Map<String, Object> status = status(device);
        if (status == null || status.get("twins") == null) {
            return null;
        }
        for (Map<String, Object> twin : (List<Map<String, Object>>) status.get("twins")) {
            if (property.equals(twin.get("propertyName")) && twin.get("reported") != null) {
                return String.valueOf(((Map<String, Object>) twin.get("reported")).get("value"));
            }
        }
        return null;
    }

    /** status.state of a device (online, offline, unknown), null when none. */
    String state(String device) {
        Map<String, Object> status = status(device);
        return status == null || status.get("state") == null ? null : status.get("state").toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status(String device) {
        GenericKubernetesResource object = kube.genericKubernetesResources(API_VERSION, "Device").inNamespace(namespace)
                .withName(device).get();
        return object == null ? null : (Map<String, Object>) object.getAdditionalProperties().get("status");
    }
}
