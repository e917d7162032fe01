/**
 * Kubernetes helpers whose results the cloud and the edge must agree on: merge and strategic merge
 * patch, field selectors, and the Prometheus text format.
 */
@Export
@Version("1.0.0")
package io.kedge.protocol.kube;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
