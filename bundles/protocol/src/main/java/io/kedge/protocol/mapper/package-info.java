/**
 * Mapper bundles pushed by the cloud: the cloud's {@link io.kedge.protocol.mapper.MapperBundle}
 * ({@code update default/mapperbundle/{mapper}}, group {@code mapper}) and the node's
 * {@link io.kedge.protocol.mapper.MapperBundleResult} ({@code update default/mapperstatus/{mapper}}).
 * Both sides check every field for type and size before believing it.
 */
@Export
@Version("1.0.0")
package io.kedge.protocol.mapper;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
