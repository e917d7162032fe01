package io.kedge.deployfolder;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the {@code .jar} files of FileInstall's watched folders that are no OSGi bundle (no manifest, no
 * Bundle-SymbolicName, not a readable jar, or still being copied), so that each is said once in the node's
 * log instead of being retried silently on every scan, and nothing is installed from it.
 * <p>
 * Input: any file a local user with write access to the folder drops there. It only reads the file's
 * manifest and, when the file becomes a bundle, changes its modification time (see {@link #uninstall}).
 */
@Component(service = ArtifactInstaller.class)
public final class NotABundleInstaller implements ArtifactInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(NotABundleInstaller.class);

    @Override
    public boolean canHandle(File artifact) {
        Path file = artifact.toPath();
        return BundleJars.isJarName(file) && Files.isRegularFile(file) && BundleJars.whyNotABundle(file).isPresent();
    }

    @Override
    public void install(File artifact) {
        LOG.warn("Ignoring {}: it is not an OSGi bundle ({}). Only bundle jars are deployed; the node goes on as before",
                artifact, reason(artifact));
    }

    @Override
    public void update(File artifact) {
        LOG.warn("Ignoring {} again: changed but still not an OSGi bundle ({})", artifact, reason(artifact));
    }

    /**
     * Called when the file was removed, or when it changed into a bundle. In the second case FileInstall would
     * not look at it again until it changes once more, so its modification time is moved on: the next scan
     * installs the bundle.
     */
    @Override
    public void uninstall(File artifact) {
        Path file = artifact.toPath();
        if (!Files.isRegularFile(file)) {
            LOG.info("{} (not a bundle) was removed", artifact);
            return;
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(
                    Math.max(System.currentTimeMillis(), Files.getLastModifiedTime(file).toMillis() + 1000)));
            LOG.info("{} is now a bundle jar: handed back for installation", artifact);
        } catch (java.io.IOException e) {
            LOG.warn("{} is now a bundle jar but cannot be touched ({}): touch it to have it installed", artifact, e.toString());
        }
    }

    private static String reason(File artifact) {
        Optional<String> why = BundleJars.whyNotABundle(artifact.toPath());
        return why.orElse("it became a bundle meanwhile");
    }
}
