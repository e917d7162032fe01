/**
 * What Edged asks of a container runtime, shaped after Kubernetes' CRI: pod sandboxes, containers,
 * images, logs and exec. A runtime bundle registers one {@link io.kedge.runtime.api.ContainerRuntime}
 * service with the {@value io.kedge.runtime.api.ContainerRuntime#NAME_PROPERTY} property; Edged binds
 * the one its configuration names.
 *
 * <p>Evolution: value types are records. A record may gain components at its end in a minor
 * version, provided the previous canonical constructor stays as a delegating constructor (callers
 * compiled against the older version still link). Removing or reordering components is a major
 * version.
 */
@Export
@Version("1.1.0")
package io.kedge.runtime.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
