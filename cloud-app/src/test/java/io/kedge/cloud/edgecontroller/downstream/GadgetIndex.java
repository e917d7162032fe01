package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.kedge.protocol.ResourcePath;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A custom kind for tests of kinds a controller registers: each gadget goes to the node named in its {@code spec.nodeName}. */
final class GadgetIndex implements NodeIndex {
    static final String GADGET = "gadget";
    static final String API_VERSION = "devices.kedge.io/v1alpha1";
    static final EdgeKind GADGETS = EdgeKind.custom(GADGET, API_VERSION, "Gadget");

    private final Map<ResourcePath, GenericKubernetesResource> gadgets = new HashMap<>();

    /** A gadget for {@code node} with {@code setting} in its spec, not yet stored. */
    static GenericKubernetesResource gadget(String namespace, String name, String node, String setting) {
        return new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION).withKind("Gadget")
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of("nodeName", node, "setting", setting)).build();
    }

    /** The definition an API server needs to store gadgets. */
    static CustomResourceDefinition definition() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("gadgets.devices.kedge.io").endMetadata()
                .withNewSpec().withGroup("devices.kedge.io").withScope("Namespaced")
                .withNewNames().withKind("Gadget").withPlural("gadgets").withSingular("gadget").endNames()
                .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec().build();
    }

    @Override
    public Affected upsert(ResourcePath key, HasMetadata object) {
        GenericKubernetesResource previous = gadgets.put(key, (GenericKubernetesResource) object);
        return affected(key, previous).onNode(nodeOf((GenericKubernetesResource) object), key);
    }

    @Override
    public Affected remove(ResourcePath key) {
        return affected(key, gadgets.remove(key));
    }

    @Override
    public Optional<HasMetadata> objectFor(String nodeName, ResourcePath key) {
        return Optional.ofNullable(gadgets.get(key)).filter(gadget -> nodeName.equals(nodeOf(gadget)))
                .map(HasMetadata.class::cast);
    }

    @Override
    public Map<ResourcePath, ObjectVersion> desiredFor(String nodeName) {
        Map<ResourcePath, ObjectVersion> desired = new LinkedHashMap<>();
        gadgets.forEach((key, gadget) -> {
            if (nodeName.equals(nodeOf(gadget))) {
                desired.put(key, ObjectVersion.of(gadget));
            }
        });
        return desired;
    }

    private static Affected affected(ResourcePath key, GenericKubernetesResource previous) {
        return new Affected().onNode(previous == null ? null : nodeOf(previous), key);
    }

    @SuppressWarnings("unchecked")
    private static String nodeOf(GenericKubernetesResource gadget) {
        Object spec = gadget.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> map ? (String) ((Map<String, Object>) map).get("nodeName") : null;
    }
}

