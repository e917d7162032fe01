/**
 * The node's way up to the cloud for what must not be lost: status and reports are written to a
 * durable outbox first and leave it only when the cloud has acknowledged them.
 */
@Export
@Version("1.1.0")
package io.kedge.api.outbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
