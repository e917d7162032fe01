/**
 * What a node reports about its devices, shaped after KubeEdge's twin and state reports
 * ({@code DeviceTwinUpdate} with {@code MsgTwin}s, {@code DeviceMsg}) so that a DeviceTwin speaking
 * KubeEdge's MQTT payloads maps onto them field by field; and a node's request for a new desired
 * value, which only the cloud writes.
 */
@Export
@Version("1.1.0")
package io.kedge.protocol.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
