/**
 * A read-only view of the pods this node runs, as Edged last reported them: for the console and
 * the shell, which must not reach into Edged's internals.
 */
@Export
@Version("1.0.0")
package io.kedge.api.pods;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
