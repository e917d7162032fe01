package io.kedge.api.node;

import io.kedge.runtime.api.DataFolder;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * The data folder's rule ({@link DataFolder}) where the {@link NodeIdentity} service is not used: the {@code kedge.data}
 * framework property (the launcher sets it to the same folder as {@code io.kedge.node}'s
 * {@code data.dir}), else the calling bundle's own data area. The identity service applies it too
 * when {@code data.dir} is empty, so there is one rule. Modules take the folder from
 * {@link NodeIdentity#dataDirectory()}; only a bundle that must start without a node identity (the
 * object store, a runtime) calls this.
 */
public final class NodeDataDirectory {
    /** Framework property naming the node's data folder. */
    public static final String FRAMEWORK_PROPERTY = DataFolder.FRAMEWORK_PROPERTY;

    private NodeDataDirectory() {
    }

    /** {@code kedge.data}, else {@code context}'s bundle data area. */
    public static Path of(BundleContext context) {
        return DataFolder.resolve(null, context.getProperty(FRAMEWORK_PROPERTY), () -> context.getDataFile("").toPath());
    }
}
