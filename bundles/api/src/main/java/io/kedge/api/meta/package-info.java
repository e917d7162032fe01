/**
 * What the node holds of Kubernetes: MetaManager stores every object the cloud sent and offers it
 * to other modules (Edged, MetaServer, EdgeMesh), also while the cloud is unreachable.
 */
@Export
@Version("1.1.0")
package io.kedge.api.meta;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
