package io.kedge.devicetwin;

import io.kedge.devicetwin.port.CloudDevice;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A device as the cloud now describes it, merged into what the edge holds: the cloud owns names,
 * attributes, the set of twins and their types; a desired value it sends replaces the edge's when it
 * differs from the last one it sent (bumping the cloud version), so an edge-set desired value
 * survives the cloud repeating itself. Reported values and the state stay the edge's.
 */
final class CloudSync {

    /**
     * @param device     the device after the merge
     * @param desired    twins whose desired value the cloud changed (for twin/cloud_updated and the delta)
     * @param document   those twins before and after
     * @param attributes attributes that are new or changed, a removed one as null
     * @param refused    property names or desired values left out, with why (for the log)
     */
    record Outcome(Device device, Map<String, Twin> desired, Map<String, TwinChange> document,
            Map<String, AttributeChange> attributes, List<String> refused) {
    }

    private CloudSync() {
    }

    static Outcome merge(Device held, CloudDevice cloud, long now) {
        Map<String, Twin> twins = new TreeMap<>();
        Map<String, Twin> desired = new TreeMap<>();
        Map<String, TwinChange> document = new TreeMap<>();
        List<String> refused = new java.util.ArrayList<>();
        cloud.properties().forEach((name, property) -> {
            if (!TwinRules.validKey(name)) {
                refused.add("property name " + name + ": " + TwinRules.ERROR_KEY);
                return;
            }
            String type = property.type() == null || property.type().isEmpty() ? "string" : property.type();
            String wanted = property.desired();
            if (wanted != null && (!TwinRules.validValue(wanted) || TwinRules.typeError(type, wanted) != null)) {
                String why = TwinRules.validValue(wanted) ? TwinRules.typeError(type, wanted) : TwinRules.ERROR_VALUE;
                refused.add("desired value of " + name + ": " + why);
                wanted = null;
            }
            Twin before = held == null ? null : held.twins().get(name);
            Twin after = before == null ? new Twin(type, true, null, null, null, null, null) : before.withType(type);
            if (!Objects.equals(wanted, after.cloudDesired())) {
                Version version = (after.expectedVersion() == null ? Version.NONE : after.expectedVersion()).nextCloud();
                after = after.withExpected(wanted == null ? null : new TwinValue(wanted, now), version)
                        .withCloudDesired(wanted);
                desired.put(name, after);
                document.put(name, new TwinChange(before == null || before.deleted() ? null : before, after));
            }
            twins.put(name, after);
        });
        Map<String, Attribute> attributes = new TreeMap<>();
        cloud.attributes().forEach((name, attribute) -> attributes.put(name, new Attribute(attribute.value(),
                attribute.optional(), attribute.type() == null || attribute.type().isEmpty() ? "string" : attribute.type())));
        Map<String, Attribute> heldAttributes = held == null ? Map.of() : held.attributes();
        Map<String, AttributeChange> changedAttributes = new TreeMap<>();
        attributes.forEach((name, attribute) -> {
            Attribute before = heldAttributes.get(name);
            AttributeChange change = before == null ? AttributeChange.added(attribute)
                    : AttributeChange.between(before, attribute);
            if (change != null) {
                changedAttributes.put(name, change);
            }
        });
        heldAttributes.keySet().stream().filter(name -> !attributes.containsKey(name))
                .forEach(name -> changedAttributes.put(name, null));
        Device device = new Device(cloud.id(), cloud.name(), cloud.description(),
                held == null ? "" : held.state(), held == null ? "" : held.lastOnline(), attributes, twins);
        return new Outcome(device, desired, document, changedAttributes, refused);
    }
}
