/**
 * A read-only view of the devices this node holds, with their twins as DeviceTwin keeps them: for
 * the console and the shell, which must not reach into DeviceTwin's internals; how device mappers'
 * readings reach the twins ({@link io.kedge.api.devices.DeviceReports}) and which mappers serve
 * which devices ({@link io.kedge.api.devices.NodeMappers}) and every reading DMI takes
 * ({@link io.kedge.api.devices.DeviceReadings}).
 */
@Export
@Version("1.2.0")
package io.kedge.api.devices;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
