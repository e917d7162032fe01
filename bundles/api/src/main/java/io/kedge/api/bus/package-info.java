/**
 * The edge message bus: modules never call each other's classes, they exchange
 * {@link io.kedge.protocol.Message}s by group. Handlers are whiteboard services.
 */
@Export
@Version("1.3.0")
package io.kedge.api.bus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
