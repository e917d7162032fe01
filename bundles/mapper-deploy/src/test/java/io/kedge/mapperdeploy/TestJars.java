package io.kedge.mapperdeploy;

import io.kedge.mapperdeploy.fixture.FixtureMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Real bundle jars written in the test: a manifest and the {@link FixtureMapper} class. */
final class TestJars {
    static final String MAPPER_CAPABILITY =
            "osgi.service;objectClass:List<String>=\"io.kedge.mapper.api.DeviceMapper\"";

    private TestJars() {
    }

    /** A mapper bundle with the fixture's {@code behaviour}. */
    static byte[] mapper(String symbolicName, String version, String behaviour) {
        return mapper(symbolicName, version, behaviour, Map.of());
    }

    /** @param headers added to (or replacing) the mapper's manifest headers; an empty value removes one */
    static byte[] mapper(String symbolicName, String version, String behaviour, Map<String, String> headers) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Bundle-Activator", FixtureMapper.class.getName());
        main.putValue("Import-Package", "io.kedge.mapper.api;version=\"[1.0,2)\",org.osgi.framework");
        main.putValue("Provide-Capability", MAPPER_CAPABILITY);
        main.putValue("X-Fixture", behaviour);
        headers.forEach((name, value) -> {
            if (value.isEmpty()) {
                main.remove(new Attributes.Name(name));
            } else {
                main.putValue(name, value);
            }
        });
        String classFile = FixtureMapper.class.getName().replace('.', '/') + ".class";
        return jar(manifest, Map.of(classFile, classBytes(classFile)));
    }

    static byte[] jar(Manifest manifest, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] classBytes(String classFile) {
        try (InputStream in = TestJars.class.getClassLoader().getResourceAsStream(classFile)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
