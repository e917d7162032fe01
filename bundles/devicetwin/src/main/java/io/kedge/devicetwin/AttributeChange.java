package io.kedge.devicetwin;

/**
 * What {@code $hw/events/device/{id}/updated} says of one attribute, as KubeEdge writes it: a new
 * attribute in full; a changed one with its value ("" when the value did not change) and only the
 * other fields that changed (null ones are left out).
 */
record AttributeChange(String value, Boolean optional, String type) {

    static AttributeChange added(Attribute attribute) {
        return new AttributeChange(attribute.value(), attribute.optional(), attribute.type());
    }

    /** Null when nothing changed. */
    static AttributeChange between(Attribute before, Attribute after) {
        if (before.equals(after)) {
            return null;
        }
        return new AttributeChange(before.value().equals(after.value()) ? "" : after.value(),
                before.optional() == after.optional() ? null : after.optional(),
                before.type().equals(after.type()) ? null : after.type());
    }
}
