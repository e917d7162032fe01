package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.kedge.distro.fixture.ThrowingActivator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hot deploy from the node's folder, on a real node process: the virtual mapper jar the build puts in
 * edge-distro/target/mappers, dropped into DIR/deploy, registers a DeviceMapper for protocol virtual; a jar of
 * a new version over it updates it; removing it uninstalls it. Jars that are no bundle, do not resolve or
 * whose activator throws are logged and harm nothing: the node stays Ready and keeps its mapper. The node's
 * log is the observable (each step is one line of the deploy-folder bundle or FileInstall). Steps build on
 * each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployFolderIT {
    private static final String NODE = "deploy-a";
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String MAPPER = "io.kedge.mapper.virtual";
    private static final String SERVICE = "io.kedge.mapper.api.DeviceMapper {kedge.mapper.protocol=virtual}";
    private static final String NEW_VERSION = "0.1.0.deploytest2";

    private static KedgeCluster cluster;
    private static KedgeCluster.EdgeNode edge;
    private static Path deploy;
    private static Path work;
    private static String builtVersion;

    @BeforeAll
    static void start() throws Exception {
        cluster = KedgeCluster.start("deploy");
        edge = cluster.startEdge(NODE);
        edge.process().awaitLog("Connected to the cloud", KedgeCluster.START);
        deploy = edge.data().resolve("deploy");
        work = Files.createDirectories(cluster.work.resolve("jars"));
        try (JarInputStream in = new JarInputStream(Files.newInputStream(virtualMapperJar()))) {
            builtVersion = in.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
        await().atMost(STEP).until(() -> readySince().isPresent());
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.process().close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theLauncherMadeTheDeployFolderAndTheNodeWatchesIt() throws Exception {
        assertThat(deploy).isDirectory();
        edge.process().awaitLog("are installed, updated and uninstalled as they are added", STEP);
        assertThat(edge.process().output()).contains(deploy.toString());
    }

    @Test
    @Order(2)
    void aDroppedMapperJarStartsAndRegistersItsDeviceMapper() throws Exception {
        drop(virtualMapperJar(), "mapper-virtual.jar");

        edge.process().awaitLog("Deployed bundle " + MAPPER + " " + builtVersion + " installed", STEP);
        edge.process().awaitLog("Deployed bundle " + MAPPER + " " + builtVersion + " registered " + SERVICE, STEP);
        edge.process().awaitLog("Virtual mapper " + MAPPER + " " + builtVersion + " serves protocol 'virtual'", STEP);
    }

    @Test
    @Order(3)
    void aReplacedJarUpdatesTheBundleInPlace() throws Exception {
        Path newer = withManifest(virtualMapperJar(), work.resolve("newer.jar"), NEW_VERSION, null, null);
        drop(newer, "mapper-virtual.jar");

        edge.process().awaitLog("Deployed bundle " + MAPPER + " " + NEW_VERSION + " updated", STEP);
        edge.process().awaitLog("Deployed bundle " + MAPPER + " " + NEW_VERSION + " registered " + SERVICE, STEP);
        edge.process().awaitLog("Virtual mapper " + MAPPER + " " + NEW_VERSION + " serves protocol 'virtual'", STEP);
        // updated, not installed beside the old one
        assertThat(edge.process().output()).doesNotContain("Deployed bundle " + MAPPER + " " + NEW_VERSION + " installed");
    }

    @Test
    @Order(4)
    void brokenJarsAreLoggedAndHarmNeitherTheNodeNorTheMapper() throws Exception {
        Instant before = Instant.now();
        Files.writeString(work.resolve("notes.jar"), "plain text, not even a zip");
        drop(work.resolve("notes.jar"), "notes.jar");
        drop(plainJar(work.resolve("library.jar")), "library.jar");
        drop(withManifest(virtualMapperJar(), work.resolve("unresolvable.jar"), "1.0.0", "io.kedge.test.unresolvable",
                "io.kedge.does.not.exist"), "unresolvable.jar");
        drop(throwingBundle(work.resolve("throwing.jar")), "throwing.jar");

        edge.process().awaitLog("Ignoring " + deploy.resolve("notes.jar") + ": it is not an OSGi bundle (not a readable jar", STEP);
        edge.process().awaitLog("Ignoring " + deploy.resolve("library.jar")
                + ": it is not an OSGi bundle (no Bundle-SymbolicName in its manifest)", STEP);
        edge.process().awaitLog("Error while starting bundle: " + location("unresolvable.jar"), STEP);
        edge.process().awaitLog("Error while starting bundle: " + location("throwing.jar"), STEP);
        assertThat(edge.process().output()).contains("io.kedge.does.not.exist", "this test bundle refuses to start");

        // the node goes on reporting Ready, and the mapper was never touched
        await().atMost(STEP).until(() -> readySince().filter(heartbeat -> heartbeat.isAfter(before)).isPresent());
        assertThat(edge.process().isAlive()).isTrue();
        // from the first scan that saw a broken jar on (the update's refresh ended in an earlier scan)
        String output = edge.process().output();
        int firstBroken = Stream.of("Ignoring " + deploy, "Deployed bundle io.kedge.test.", "Error while starting bundle: ")
                .mapToInt(output::indexOf).filter(index -> index >= 0).min().orElseThrow();
        assertThat(output.substring(firstBroken)).doesNotContain("Deployed bundle " + MAPPER);
    }

    @Test
    @Order(5)
    void aJarThatWasNoBundleIsInstalledOnceReplacedByABundle() throws Exception {
        Path fixed = withManifest(virtualMapperJar(), work.resolve("fixed.jar"), "1.0.0", "io.kedge.test.fixed", null);
        drop(fixed, "library.jar");

        edge.process().awaitLog("Deployed bundle io.kedge.test.fixed 1.0.0 started", STEP);
    }

    @Test
    @Order(6)
    void aRemovedJarUninstallsItsBundle() throws Exception {
        Files.delete(deploy.resolve("mapper-virtual.jar"));

        edge.process().awaitLog("Deployed bundle " + MAPPER + " " + NEW_VERSION + " unregisters " + SERVICE, STEP);
        edge.process().awaitLog("Deployed bundle " + MAPPER + " " + NEW_VERSION + " uninstalled", STEP);
        assertThat(edge.process().isAlive()).isTrue();
    }

    @Test
    @Order(7)
    void bundlesStayAcrossARestartAndAJarDroppedWhileTheNodeIsDownIsInstalledAtItsStart() throws Exception {
        edge.process().stop();
        drop(virtualMapperJar(), "mapper-virtual.jar");
        edge = cluster.startEdge(NODE);

        edge.process().awaitLog("Deployed bundle io.kedge.test.fixed 1.0.0 present", STEP);
        edge.process().awaitLog("Deployed bundle " + MAPPER + " " + builtVersion + " registered " + SERVICE, STEP);
        edge.process().awaitLog("Connected to the cloud", STEP);
        Instant restarted = Instant.now();
        await().atMost(STEP).until(() -> readySince().filter(heartbeat -> heartbeat.isAfter(restarted)).isPresent());
    }

    static Path virtualMapperJar() throws IOException {
        return mapperJar("virtual");
    }

    /** The jar of mapper-{@code name} the build copied for users; found by name so the test follows the project's version. */
    static Path mapperJar(String name) throws IOException {
        Path mappers = KedgeProcess.ROOT.resolve("edge-distro/target/mappers");
        String prefix = "mapper-" + name + "-";
        try (Stream<Path> jars = Files.list(mappers)) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no mapper-" + name + " jar in " + mappers + ": build edge-distro"));
        }
    }

    /** The location FileInstall gives a bundle from the deploy folder. */
    private static String location(String name) {
        return deploy.resolve(name).toFile().toURI().toString();
    }

    /** Copies beside the folder, then renames into it: FileInstall never sees half a jar. */
    private static void drop(Path jar, String name) throws IOException {
        Path temp = Files.copy(jar, deploy.resolveSibling(name + ".part"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, deploy.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static java.util.Optional<Instant> readySince() {
        Node node = cluster.kube.nodes().withName(NODE).get();
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return java.util.Optional.empty();
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(NodeCondition::getLastHeartbeatTime).filter(time -> time != null).map(Instant::parse).findFirst();
    }

    /** {@code source}'s content under a changed manifest: a new version, and optionally a name and an import. */
    private static Path withManifest(Path source, Path target, String version, String symbolicName, String importPackage)
            throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.putValue("Bundle-Version", version);
            if (symbolicName != null) {
                main.putValue("Bundle-SymbolicName", symbolicName);
                // a test bundle of another name must not register a second virtual mapper
                main.remove(new Attributes.Name("Service-Component"));
                main.remove(new Attributes.Name("Provide-Capability"));
            }
            if (importPackage != null) {
                main.putValue("Import-Package", importPackage);
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    if (!entry.getName().startsWith("META-INF/")) {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        in.transferTo(out);
                    }
                }
            }
        }
        return target;
    }

    private static Path plainJar(Path target) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("a library, not a bundle".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return target;
    }

    private static Path throwingBundle(Path target) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.kedge.test.throwing");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", ThrowingActivator.class.getName());
        main.putValue("Import-Package", "org.osgi.framework");
        String classFile = ThrowingActivator.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream in = DeployFolderIT.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new JarEntry(classFile));
            in.transferTo(out);
        }
        return target;
    }
}
