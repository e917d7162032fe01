/**
 * The EdgeMesh API shared by the mesh bundles. The controller turns the node's Services, Endpoints,
 * EndpointSlices and Pods (from MetaManager, so it works while the cloud is away) into a
 * {@link io.kedge.mesh.api.ServiceTable}; the DNS server answers names from it; the proxier sends
 * cluster IP traffic to the {@link io.kedge.mesh.api.Backend} the
 * {@link io.kedge.mesh.api.LoadBalancer} picks. JDK types only.
 */
@Export
@Version("1.0.0")
package io.kedge.mesh.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
