package io.kedge.mapperdeploy;

import io.kedge.mapper.api.DeviceMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * What a pushed jar says about itself, read before the framework sees it: an OSGi bundle (manifest
 * version 2, a symbolic name, no fragment) that declares a {@link DeviceMapper} service, either as an
 * {@code osgi.service} capability in {@code Provide-Capability} (bnd writes it for DS components) or
 * as a {@code <provide interface=…DeviceMapper>} in one of its {@code Service-Component} files. Reads
 * at most {@link #MAX_ENTRIES} entries and {@link #MAX_COMPONENT_BYTES} of each component file.
 */
final class MapperJar {
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_COMPONENT_BYTES = 256 * 1024;
    private static final String MAPPER_SERVICE = DeviceMapper.class.getName();

    /** The jar's identity as its manifest declares it. */
    record Facts(String symbolicName, String version) {
    }

    private MapperJar() {
    }

    /** @throws InstallFailure naming what makes the bytes no mapper bundle */
    static Facts inspect(byte[] bytes) throws InstallFailure {
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw new InstallFailure("not a bundle: the jar has no manifest (or is no jar)");
            }
            Attributes main = manifest.getMainAttributes();
            if (!"2".equals(trim(main.getValue("Bundle-ManifestVersion")))) {
                throw new InstallFailure("not a bundle: Bundle-ManifestVersion is not 2");
            }
            String symbolicName = trim(main.getValue("Bundle-SymbolicName"));
            if (symbolicName.isEmpty()) {
                throw new InstallFailure("not a bundle: no Bundle-SymbolicName");
            }
            if (!trim(main.getValue("Fragment-Host")).isEmpty()) {
                throw new InstallFailure("a fragment cannot be a mapper: it registers no service");
            }
            String bsn = symbolicName.split(";", 2)[0].trim();
            String version = trim(main.getValue("Bundle-Version"));
            if (!providesMapper(main.getValue("Provide-Capability"))
                    && !componentsProvideMapper(jar, main.getValue("Service-Component"))) {
                throw new InstallFailure("not a mapper bundle: " + bsn + " declares no " + MAPPER_SERVICE
                        + " service (Provide-Capability osgi.service or a Service-Component)");
            }
            return new Facts(bsn, version.isEmpty() ? "0.0.0" : version);
        } catch (IOException | RuntimeException e) {
            throw new InstallFailure("not a bundle: the jar cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Whether a clause {@code osgi.service;objectClass…=…DeviceMapper…} is among the capabilities. */
    static boolean providesMapper(String provideCapability) {
        for (String clause : splitOutsideQuotes(trim(provideCapability), ',')) {
            List<String> parts = splitOutsideQuotes(clause, ';');
            if (!parts.isEmpty() && parts.get(0).trim().equals("osgi.service")) {
                for (String attribute : parts.subList(1, parts.size())) {
                    String[] nameValue = attribute.split("=", 2);
                    if (nameValue.length == 2 && nameValue[0].trim().startsWith("objectClass")
                            && listContains(nameValue[1], MAPPER_SERVICE)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean listContains(String value, String name) {
        String unquoted = value.trim().replace("\"", "");
        for (String item : unquoted.split(",")) {
            if (item.trim().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean componentsProvideMapper(JarInputStream jar, String serviceComponent) throws IOException {
        if (trim(serviceComponent).isEmpty()) {
            return false;
        }
        List<String> files = new ArrayList<>();
        for (String path : serviceComponent.split(",")) {
            files.add(path.trim());
        }
        Map<String, String> texts = new HashMap<>();
        JarEntry entry;
        int entries = 0;
        while ((entry = jar.getNextJarEntry()) != null && entries++ < MAX_ENTRIES) {
            if (files.contains(entry.getName())) {
                texts.put(entry.getName(), new String(readBounded(jar), StandardCharsets.UTF_8));
            }
        }
        return texts.values().stream().anyMatch(xml -> xml.matches("(?s).*<provide\\s+interface\\s*=\\s*[\"']"
                + MAPPER_SERVICE.replace(".", "\\.") + "[\"'].*"));
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_COMPONENT_BYTES + 1);
        if (bytes.length > MAX_COMPONENT_BYTES) {
            throw new IOException("a Service-Component file has more than " + MAX_COMPONENT_BYTES + " bytes");
        }
        return bytes;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
