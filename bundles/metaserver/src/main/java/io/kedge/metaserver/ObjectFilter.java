package io.kedge.metaserver;

import io.kedge.protocol.kube.FieldSelector;

/** Which objects of one kind a list or watch asked for: namespace, labels and fields together. */
record ObjectFilter(ResourceKind kind, String namespace, LabelSelector labels, FieldSelector fields) {

    boolean matches(Selectable object) {
        return (namespace == null || namespace.equals(object.namespace()))
                && labels.matches(object.labels())
                && fields.matches(object.fields());
    }
}
