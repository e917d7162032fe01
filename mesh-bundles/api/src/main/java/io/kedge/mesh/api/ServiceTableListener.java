package io.kedge.mesh.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the service table changed (whiteboard). Called on the controller's thread, once on
 * registration with the current table: keep it short, hand heavy work (rules, sockets) elsewhere.
 */
@ConsumerType
public interface ServiceTableListener {

    void tableChanged(ServiceTable table);
}
