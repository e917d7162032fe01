package io.kedge.console.mappers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Jars made in memory, with the manifest headers a test needs. */
final class TestJars {
    private TestJars() {
    }

    static byte[] mapperBundle(String symbolicName, String version) {
        return jar(Map.of("Bundle-ManifestVersion", "2", "Bundle-SymbolicName", symbolicName + ";singleton:=true",
                "Bundle-Version", version, "Provide-Capability",
                "osgi.service;objectClass:List<String>=\"io.kedge.mapper.api.DeviceMapper\""));
    }

    static byte[] jar(Map<String, String> headers) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new ZipEntry("x/Mapper.class"));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
