package io.kedge.api.meta;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the store's changes. Register as a whiteboard service, optionally with the service
 * property {@value #TYPES} (String or String[]) to receive only some resource types. A newly
 * registered listener first receives every object held as {@link MetaEvent.Kind#ADDED}, in key order,
 * then the changes as they happen; so a module started while the cloud is away sees what the node
 * held before it stopped.
 */
@ConsumerType
public interface MetaListener {

    /** Service property: the resource types this listener wants; absent means all. */
    String TYPES = "kedge.meta.types";

    void onChange(MetaEvent event);
}
