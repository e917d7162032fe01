/**
 * Threads of the node: one {@link io.kedge.api.exec.NodeExecutors} service lends every module
 * serial executors and a bounded pool for blocking work, all on a few shared daemon threads, so a
 * new module adds tasks, not threads.
 */
@Export
@Version("1.0.0")
package io.kedge.api.exec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
