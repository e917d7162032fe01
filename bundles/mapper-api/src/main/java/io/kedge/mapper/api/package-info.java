/**
 * The device mapper SPI. A mapper bundle registers a {@link io.kedge.mapper.api.DeviceMapper}
 * service for the protocol it speaks; DMI binds each Device of that protocol to it, opens a
 * {@link io.kedge.mapper.api.DeviceConnection} per device, reads and writes properties on the
 * device's cycles and turns readings into twin reports. JDK types only: a mapper needs no Jackson
 * and no Kedge module besides this package.
 */
@Export
@Version("1.0.0")
package io.kedge.mapper.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
