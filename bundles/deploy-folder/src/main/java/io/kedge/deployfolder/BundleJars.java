package io.kedge.deployfolder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Tells a bundle jar from other files in a watched folder. */
final class BundleJars {
    private BundleJars() {
    }

    static boolean isJarName(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /** Why {@code jar} is no OSGi bundle; empty when it is one (has a Bundle-SymbolicName). */
    static Optional<String> whyNotABundle(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return Optional.of("no META-INF/MANIFEST.MF");
            }
            String name = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            return name == null || name.isBlank() ? Optional.of("no Bundle-SymbolicName in its manifest") : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("not a readable jar: " + e.getMessage());
        }
    }
}
