package io.kedge.cloud.devicecontroller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Devices and models for tests, and the CRDs of cloud-app/deploy/ for a mock API. */
public final class DeviceObjects {
    private DeviceObjects() {
    }

    /** Applies the CRDs of {@code cloud-app/deploy/} (the module's folder is the tests' working directory). */
    public static void installCrds(KubernetesClient client) {
        for (String file : List.of("devices_v1beta1_devicemodel.yaml", "devices_v1beta1_device.yaml")) {
            try (InputStream in = Files.newInputStream(Path.of("deploy", file))) {
                for (HasMetadata crd : client.load(in).items()) {
                    client.resource(crd).createOr(NonDeletingOperation::update);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A model with one read-write property of {@code type}. */
    public static DeviceModel model(String namespace, String name, String property, String type) {
        DeviceModel model = new DeviceModel();
        model.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        ModelProperty modelProperty = new ModelProperty();
        modelProperty.setName(property);
        modelProperty.setType(type);
        modelProperty.setAccessMode("ReadWrite");
        model.getSpec().getProperties().add(modelProperty);
        model.getSpec().setProtocol("virtual");
        return model;
    }

    /**
     * A device of {@code model} on {@code node} with one property and its desired value; its property
     * carries visitors and its spec a protocol the controller never reads, as a mapper would need them.
     */
    public static Device device(String namespace, String name, String model, String node, String property,
            String desired) {
        Device device = new Device();
        device.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        DeviceSpec spec = device.getSpec();
        spec.setDeviceModelRef(new LocalObjectReference(model));
        spec.setNodeName(node);
        spec.setOtherField("protocol", Map.of("protocolName", "virtual", "configData", Map.of("seed", 7)));
        DeviceProperty deviceProperty = new DeviceProperty();
        deviceProperty.setName(property);
        deviceProperty.setDesired(new TwinProperty(desired, null));
        deviceProperty.setOtherField("visitors", Map.of("protocolName", "virtual",
                "configData", Map.of("register", "holding", "offset", 2)));
        deviceProperty.setOtherField("reportCycle", 10000);
        spec.getProperties().add(deviceProperty);
        return device;
    }
}
