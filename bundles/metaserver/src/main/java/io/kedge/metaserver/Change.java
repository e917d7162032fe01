package io.kedge.metaserver;

import io.kedge.api.meta.MetaEvent;

/**
 * One store change as watchers need it.
 *
 * @param before the object's selectable state before the change, null if it was not held
 * @param after  its selectable state after the change (for a deletion: as last held)
 */
record Change(MetaEvent event, Selectable before, Selectable after) {

    long revision() {
        return event.revision();
    }

    /**
     * The watch event type this change means for {@code filter}, or null when it does not concern it.
     * An update that moves an object into or out of the selection is an ADDED or DELETED, as in Kubernetes.
     */
    String typeFor(ObjectFilter filter) {
        if (!event.object().type().equals(filter.kind().storeType())) {
            return null;
        }
        boolean was = before != null && filter.matches(before);
        boolean is = filter.matches(after);
        return switch (event.kind()) {
            case ADDED -> is ? "ADDED" : null;
            case DELETED -> is || was ? "DELETED" : null;
            case MODIFIED -> was && is ? "MODIFIED" : is ? "ADDED" : was ? "DELETED" : null;
        };
    }
}
