package io.kedge.devicetwin;

/** A device attribute (KubeEdge's MsgAttr): a value with its type. */
record Attribute(String value, boolean optional, String type) {
}
