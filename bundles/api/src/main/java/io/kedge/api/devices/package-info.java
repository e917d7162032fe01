/**
 * A read-only view of the devices this node holds, with their twins as DeviceTwin keeps them: for
 * the console and the shell, which must not reach into DeviceTwin's internals.
 */
@Export
@Version("1.0.0")
package io.kedge.api.devices;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
