/**
 * The cloud-edge wire protocol: KubeEdge-compatible message envelope, resource paths and a JSON
 * codec that turns bad frames into typed errors.
 */
@Export
@Version("1.7.0")
package io.kedge.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
