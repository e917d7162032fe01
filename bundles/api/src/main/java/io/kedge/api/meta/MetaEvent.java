package io.kedge.api.meta;

/**
 * A change of the node's store.
 *
 * @param kind     what happened
 * @param object   the object after the change (for DELETED: as it was last held)
 * @param revision the store revision this change produced; increases by one per change and never
 *                 goes back, also across restarts
 */
public record MetaEvent(Kind kind, MetaObject object, long revision) {

    public enum Kind { ADDED, MODIFIED, DELETED }
}
