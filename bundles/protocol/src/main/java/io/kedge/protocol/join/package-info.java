/**
 * How a node joins the cloud and renews its certificate: the certificate server's paths and
 * headers, the certificate subject of a node, and the join token's form (KubeEdge's).
 */
@Export
@Version("1.0.0")
package io.kedge.protocol.join;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
