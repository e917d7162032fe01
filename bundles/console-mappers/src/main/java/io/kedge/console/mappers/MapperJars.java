package io.kedge.console.mappers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/** Tells an uploaded mapper bundle from any other file, by its manifest alone (nothing of it runs). */
final class MapperJars {
    static final String MAPPER_SERVICE = "io.kedge.mapper.api.DeviceMapper";

    private MapperJars() {
    }

    /** The bundle's symbolic name (without directives); {@link IllegalArgumentException} saying why it is no mapper bundle. */
    static String symbolicNameOfMapper(byte[] jar) {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("not a readable jar: " + e.getMessage());
        }
        if (manifest == null) {
            throw new IllegalArgumentException("not a bundle: the jar has no META-INF/MANIFEST.MF (or it is not its first entry)");
        }
        Attributes main = manifest.getMainAttributes();
        String name = main.getValue("Bundle-SymbolicName");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("not an OSGi bundle: no Bundle-SymbolicName in its manifest");
        }
        String capabilities = main.getValue("Provide-Capability");
        boolean providesMapper = capabilities != null && capabilities.contains("osgi.service")
                && capabilities.contains(MAPPER_SERVICE);
        if (!providesMapper && main.getValue("Service-Component") == null) {
            throw new IllegalArgumentException("not a device mapper: the bundle declares neither an osgi.service capability of "
                    + MAPPER_SERVICE + " nor a Service-Component");
        }
        String symbolicName = name.split(";", 2)[0].trim();
        if (!symbolicName.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("not a valid Bundle-SymbolicName: " + symbolicName);
        }
        return symbolicName;
    }
}
