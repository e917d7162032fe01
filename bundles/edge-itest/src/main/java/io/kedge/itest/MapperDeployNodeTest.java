package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.itest.mapperfixture.ItestMapper;
import io.kedge.itest.support.Poll;
import io.kedge.api.node.NodeIdentity;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.protocol.Message;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.mapper.MapperBundle;
import io.kedge.protocol.mapper.MapperBundleResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * The cloud pushes mapper bundles over the node's session: the node installs one that comes up,
 * answers {@code installed} through its outbox, rolls an update whose activator throws back to the
 * running version, refuses bytes that are not the digest the request names, and removes the mapper
 * when the cloud says so.
 */
class MapperDeployNodeTest extends ConnectedNodeTest {
    private static final String NODE = "itest-mapper-deploy";
    private static final String MAPPER = "itest-fixture";
    private static final String LOCATION = "kedge-mapper:" + MAPPER;

    @Override
    String nodeName() {
        return NODE;
    }

    /** Leaves no pushed mapper behind, in the framework or in the node's record (which a restart would reinstall). */
    @AfterEach
    void removeMapper() throws Exception {
        Bundle bundle = context.getBundle(LOCATION);
        if (bundle != null) {
            bundle.uninstall();
        }
        Optional<Path> record = recordFolder();
        if (record.isPresent() && Files.isDirectory(record.get())) {
            try (Stream<Path> files = Files.walk(record.get())) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void installsAPushedMapperRollsABrokenUpdateBackAndRefusesAWrongDigest() throws Exception {
        MapperBundle first = MapperBundle.of(MAPPER, "1.0.0", 1, jar("1.0.0", "healthy"));
        cloud.connections().get(0).send(first.message("itest-cloud"));
        assertThat(awaitAnswer(1).installed()).isTrue();
        Bundle bundle = context.getBundle(LOCATION);
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(context.getServiceReferences(DeviceMapper.class, "(kedge.mapper.protocol=itest-fixture)"))
                .extracting(ServiceReference::getBundle).containsExactly(bundle);

        cloud.connections().get(0).send(MapperBundle.of(MAPPER, "2.0.0", 2, jar("2.0.0", "throws"))
                .message("itest-cloud"));
        MapperBundleResult broken = awaitAnswer(2);
        assertThat(broken.installed()).isFalse();
        assertThat(broken.reason()).startsWith("its activator threw").endsWith("rolled back to 1.0.0");
        assertThat(bundle.getVersion().toString()).isEqualTo("1.0.0");
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);

        String otherDigest = MapperBundle.sha256Of("not these bytes".getBytes(StandardCharsets.UTF_8));
        cloud.connections().get(0).send(new MapperBundle(MAPPER, "3.0.0", otherDigest, 3, jar("3.0.0", "healthy"))
                .message("itest-cloud"));
        assertThat(awaitAnswer(3).reason()).startsWith("digest mismatch");
        assertThat(bundle.getVersion().toString()).isEqualTo("1.0.0");

        Path record = recordFolder().orElseThrow();
        assertThat(record.resolve("current.jar")).exists();
        cloud.connections().get(0).send(MapperBundle.removal("itest-cloud", MAPPER));
        Poll.until("the pushed mapper uninstalled and forgotten",
                () -> context.getBundle(LOCATION) == null && !Files.exists(record));
    }

    /** Where the node records the test's mapper. */
    private Optional<Path> recordFolder() {
        ServiceReference<NodeIdentity> identity = context.getServiceReference(NodeIdentity.class);
        if (identity == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(context.getService(identity).dataDirectory().resolve("mapper-deploy").resolve(MAPPER));
        } finally {
            context.ungetService(identity);
        }
    }

    private MapperBundleResult awaitAnswer(long generation) {
        Poll.until("the node's answer to generation " + generation, () -> answer(generation).isPresent());
        return answer(generation).orElseThrow();
    }

    private Optional<MapperBundleResult> answer(long generation) {
        for (Message message : cloud.connections().get(0).received()) {
            if (message.resource().equals(MapperBundleResult.resource(MAPPER))) {
                try {
                    MapperBundleResult result = MapperBundleResult.parse(message.content());
                    if (result.generation() == generation) {
                        return Optional.of(result);
                    }
                } catch (ProtocolException e) {
                    throw new AssertionError("the node sent an unreadable answer", e);
                }
            }
        }
        return Optional.empty();
    }

    /** A real mapper bundle: a manifest and the {@link ItestMapper} class. */
    private static byte[] jar(String version, String behaviour) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.kedge.itest.pushed-mapper");
        main.putValue("Bundle-Version", version);
        main.putValue("Bundle-Activator", ItestMapper.class.getName());
        main.putValue("Import-Package", "io.kedge.mapper.api;version=\"[1.0,2)\",org.osgi.framework");
        main.putValue("Provide-Capability", "osgi.service;objectClass:List<String>=\"" + DeviceMapper.class.getName() + "\"");
        main.putValue("X-Fixture", behaviour);
        String classFile = ItestMapper.class.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest);
                InputStream in = ItestMapper.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new JarEntry(classFile));
            out.write(in.readAllBytes());
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
