package io.kedge.mapperdeploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.mapper.api.DeviceMapper;
import io.kedge.protocol.mapper.MapperBundle;
import io.kedge.protocol.mapper.MapperBundleResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** Real mapper jars installed into a real Felix framework. */
class MapperInstallerTest {
    private static final String BSN = "io.kedge.mapper.fixture";

    @TempDir
    Path temp;
    private TestFramework framework;
    private BundleContext context;
    private InstalledMappers store;
    private MapperInstaller installer;

    @BeforeEach
    void start() throws Exception {
        framework = new TestFramework(temp.resolve("cache"));
        context = framework.context();
        store = new InstalledMappers(temp.resolve("mapper-deploy"));
        installer = new MapperInstaller(context, store, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() throws Exception {
        framework.close();
    }

    @Test
    void installsAMapperThatComesUpHealthyAndRecordsIt() throws Exception {
        MapperBundle request = MapperBundle.of("fixture", "1.0.0", 1, TestJars.mapper(BSN, "1.0.0", "healthy"));

        MapperBundleResult result = installer.install(request);

        assertThat(result.installed()).as(result.reason()).isTrue();
        Bundle bundle = context.getBundle(MapperInstaller.location("fixture"));
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(mapperServicesOf(bundle)).isEqualTo(1);
        assertThat(store.get("fixture")).hasValueSatisfying(installed -> {
            assertThat(installed.sha256()).isEqualTo(request.sha256());
            assertThat(installed.generation()).isEqualTo(1);
        });
        assertThat(store.currentJar("fixture")).hasValueSatisfying(jar -> assertThat(jar).isEqualTo(request.bundle()));
    }

    @Test
    void updatesInPlaceAndKeepsThePreviousJar() throws Exception {
        byte[] first = TestJars.mapper(BSN, "1.0.0", "healthy");
        installer.install(MapperBundle.of("fixture", "1.0.0", 1, first));

        MapperBundleResult result = installer.install(MapperBundle.of("fixture", "2.0.0", 2,
                TestJars.mapper(BSN, "2.0.0", "healthy")));

        assertThat(result.installed()).as(result.reason()).isTrue();
        Bundle bundle = context.getBundle(MapperInstaller.location("fixture"));
        assertThat(bundle.getVersion().toString()).isEqualTo("2.0.0");
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(Files.readAllBytes(temp.resolve("mapper-deploy/fixture/previous.jar"))).isEqualTo(first);
    }

    @Test
    void theSameJarAgainIsAnsweredWithoutTouchingTheBundle() throws Exception {
        byte[] jar = TestJars.mapper(BSN, "1.0.0", "healthy");
        installer.install(MapperBundle.of("fixture", "1.0.0", 1, jar));
        Bundle bundle = context.getBundle(MapperInstaller.location("fixture"));
        long modified = bundle.getLastModified();

        MapperBundleResult result = installer.install(MapperBundle.of("fixture", "1.0.0", 5, jar));

        assertThat(result.installed()).isTrue();
        assertThat(result.generation()).isEqualTo(5);
        assertThat(bundle.getLastModified()).isEqualTo(modified);
        assertThat(store.get("fixture").orElseThrow().generation()).isEqualTo(5);
    }

    @Test
    void aDigestMismatchIsRefusedBeforeTheBytesAreRead() throws Exception {
        byte[] jar = TestJars.mapper(BSN, "1.0.0", "healthy");
        String otherDigest = MapperBundle.sha256Of("something else".getBytes(StandardCharsets.UTF_8));

        MapperBundleResult result = installer.install(new MapperBundle("fixture", "1.0.0", otherDigest, 1, jar));

        assertThat(result.installed()).isFalse();
        assertThat(result.reason()).startsWith("digest mismatch");
        assertThat(context.getBundle(MapperInstaller.location("fixture"))).isNull();
        assertThat(temp.resolve("mapper-deploy")).doesNotExist();
    }

    @Test
    void garbageBytesAndJarsThatAreNoMapperAreRefused() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(14).nextBytes(garbage);
        assertThat(installer.install(MapperBundle.of("fixture", "1", 1, garbage)).reason()).startsWith("not a bundle");

        byte[] noCapability = TestJars.mapper(BSN, "1.0.0", "healthy", Map.of("Provide-Capability", ""));
        assertThat(installer.install(MapperBundle.of("fixture", "1", 1, noCapability)).reason())
                .startsWith("not a mapper bundle");

        byte[] plainJar = TestJars.mapper(BSN, "1.0.0", "healthy", Map.of("Bundle-ManifestVersion", "",
                "Bundle-SymbolicName", ""));
        assertThat(installer.install(MapperBundle.of("fixture", "1", 1, plainJar)).reason()).startsWith("not a bundle");

        byte[] fragment = TestJars.mapper(BSN, "1.0.0", "healthy", Map.of("Fragment-Host", "io.kedge.mapper.api"));
        assertThat(installer.install(MapperBundle.of("fixture", "1", 1, fragment)).reason()).contains("fragment");
        assertThat(context.getBundles()).hasSize(1); // the system bundle only
    }

    @Test
    void unresolvableImportsRollBackToThePreviousVersion() throws Exception {
        installer.install(MapperBundle.of("fixture", "1.0.0", 1, TestJars.mapper(BSN, "1.0.0", "healthy")));
        byte[] missingImport = TestJars.mapper(BSN, "2.0.0", "healthy", Map.of("Import-Package",
                "io.kedge.mapper.api,org.osgi.framework,com.example.missing"));

        MapperBundleResult result = installer.install(MapperBundle.of("fixture", "2.0.0", 2, missingImport));

        assertThat(result.installed()).isFalse();
        assertThat(result.reason()).startsWith("unresolvable").contains("com.example.missing")
                .contains("rolled back to 1.0.0");
        assertRunning("1.0.0");
        assertThat(store.get("fixture").orElseThrow().version()).isEqualTo("1.0.0");
    }

    @Test
    void anActivatorThatThrowsRollsBackAndANewMapperIsRemoved() throws Exception {
        MapperBundleResult fresh = installer.install(MapperBundle.of("fixture", "1.0.0", 1,
                TestJars.mapper(BSN, "1.0.0", "throws")));
        assertThat(fresh.reason()).startsWith("its activator threw").contains("fails on purpose");
        assertThat(context.getBundle(MapperInstaller.location("fixture"))).isNull();

        installer.install(MapperBundle.of("fixture", "1.0.0", 2, TestJars.mapper(BSN, "1.0.0", "healthy")));
        MapperBundleResult update = installer.install(MapperBundle.of("fixture", "2.0.0", 3,
                TestJars.mapper(BSN, "2.0.0", "throws")));
        assertThat(update.reason()).startsWith("its activator threw");
        assertRunning("1.0.0");
    }

    @Test
    void anUnhealthyMapperOrNoMapperAtAllRollsBack() throws Exception {
        installer.install(MapperBundle.of("fixture", "1.0.0", 1, TestJars.mapper(BSN, "1.0.0", "healthy")));

        MapperBundleResult unhealthy = installer.install(MapperBundle.of("fixture", "2.0.0", 2,
                TestJars.mapper(BSN, "2.0.0", "unhealthy")));
        assertThat(unhealthy.reason()).contains("unhealthy: port 502 refused").contains("rolled back to 1.0.0");
        assertRunning("1.0.0");

        MapperBundleResult silent = installer.install(MapperBundle.of("fixture", "3.0.0", 3,
                TestJars.mapper(BSN, "3.0.0", "silent")));
        assertThat(silent.reason()).startsWith("no io.kedge.mapper.api.DeviceMapper service registered");
        assertRunning("1.0.0");
    }

    @Test
    void neverReplacesABundleItDidNotInstall() throws Exception {
        Bundle core = context.installBundle("file:edgehub.jar",
                new java.io.ByteArrayInputStream(TestJars.mapper("io.kedge.edgehub", "1.0.0", "healthy")));

        MapperBundleResult result = installer.install(MapperBundle.of("edgehub", "9.0.0", 1,
                TestJars.mapper("io.kedge.edgehub", "9.0.0", "healthy")));

        assertThat(result.reason()).contains("already installed from file:edgehub.jar");
        assertThat(core.getVersion().toString()).isEqualTo("1.0.0");
        assertThat(context.getBundle(MapperInstaller.location("edgehub"))).isNull();
    }

    @Test
    void aRemovedMapperLeavesNothingBehindAndIsNotBroughtBack() throws Exception {
        installer.install(MapperBundle.of("fixture", "1.0.0", 1, TestJars.mapper(BSN, "1.0.0", "healthy")));
        installer.install(MapperBundle.of("fixture", "2.0.0", 2, TestJars.mapper(BSN, "2.0.0", "healthy")));

        installer.remove("fixture");
        installer.remove("never-installed");

        assertThat(context.getBundle(MapperInstaller.location("fixture"))).isNull();
        assertThat(temp.resolve("mapper-deploy/fixture")).doesNotExist();
        installer.restore();
        assertThat(context.getBundles()).hasSize(1);
    }

    @Test
    void aNodeWhoseFrameworkCacheWasCleanedGetsItsMappersBack() throws Exception {
        installer.install(MapperBundle.of("fixture", "1.0.0", 1, TestJars.mapper(BSN, "1.0.0", "healthy")));
        framework.close();

        framework = new TestFramework(temp.resolve("cache")); // onFirstInit: the cache starts empty
        context = framework.context();
        assertThat(context.getBundle(MapperInstaller.location("fixture"))).isNull();
        new MapperInstaller(context, store, Duration.ofSeconds(2)).restore();

        assertRunning("1.0.0");
    }

    private void assertRunning(String version) {
        Bundle bundle = context.getBundle(MapperInstaller.location("fixture"));
        assertThat(bundle).isNotNull();
        assertThat(bundle.getVersion().toString()).isEqualTo(version);
        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(mapperServicesOf(bundle)).isEqualTo(1);
    }

    private int mapperServicesOf(Bundle bundle) {
        try {
            int count = 0;
            for (ServiceReference<DeviceMapper> reference : context.getServiceReferences(DeviceMapper.class, null)) {
                count += reference.getBundle().equals(bundle) ? 1 : 0;
            }
            return count;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
