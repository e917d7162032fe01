package io.kedge.deployfolder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployFolderTest {
    @TempDir
    Path folder;

    private final NotABundleInstaller installer = new NotABundleInstaller();

    @Test
    void jarsThatAreNoBundleAreTakenAndBundlesAreLeftToFileInstall() throws IOException {
        Path plain = jar("plain.jar", null);
        Path noManifest = folder.resolve("bare.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(noManifest))) {
            out.putNextEntry(new JarEntry("x.txt"));
        }
        Path garbage = Files.writeString(folder.resolve("garbage.jar"), "not a zip at all");
        Path bundle = jar("bundle.jar", "io.example.mapper");
        Path config = Files.writeString(folder.resolve("io.kedge.node.cfg"), "node.name=a");

        assertThat(installer.canHandle(plain.toFile())).isTrue();
        assertThat(installer.canHandle(noManifest.toFile())).isTrue();
        assertThat(installer.canHandle(garbage.toFile())).isTrue();
        assertThat(installer.canHandle(bundle.toFile())).isFalse();
        assertThat(installer.canHandle(config.toFile())).isFalse();
        assertThat(installer.canHandle(folder.resolve("missing.jar").toFile())).isFalse();

        assertThat(BundleJars.whyNotABundle(plain)).contains("no Bundle-SymbolicName in its manifest");
        assertThat(BundleJars.whyNotABundle(noManifest)).contains("no META-INF/MANIFEST.MF");
        assertThat(BundleJars.whyNotABundle(garbage)).hasValueSatisfying(why -> assertThat(why).startsWith("not a readable jar"));
    }

    @Test
    void aJarThatBecameABundleIsTouchedSoFileInstallScansItAgain() throws IOException {
        Path jar = jar("mapper.jar", null);
        installer.install(jar.toFile());
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(jar, old);
        jar("mapper.jar", "io.example.mapper");
        Files.setLastModifiedTime(jar, old);

        installer.uninstall(jar.toFile());
        assertThat(Files.getLastModifiedTime(jar).toMillis()).isGreaterThan(old.toMillis());

        Files.delete(jar);
        installer.uninstall(jar.toFile()); // removed: only said
        assertThat(jar).doesNotExist();
    }

    @Test
    void onlyBundlesFromAWatchedFolderAreTheirs() {
        WatchedFolders folders = WatchedFolders.parse(" /d/etc , /d/deploy/ ,");
        assertThat(folders.folders()).containsExactly(Path.of("/d/etc"), Path.of("/d/deploy"));
        assertThat(folders.fileOf("file:/d/deploy/mapper-virtual.jar")).contains(Path.of("/d/deploy/mapper-virtual.jar"));
        assertThat(folders.fileOf("file:/d/deploy/../deploy/m.jar")).contains(Path.of("/d/deploy/m.jar"));
        assertThat(folders.fileOf("file:/d/deploy/sub/m.jar")).isEmpty();
        assertThat(folders.fileOf("file:/elsewhere/m.jar")).isEmpty();
        assertThat(folders.fileOf("jar/org.apache.felix.scr-2.2.18.jar")).isEmpty();
        assertThat(folders.fileOf("System Bundle")).isEmpty();
        assertThat(folders.fileOf(null)).isEmpty();
        assertThat(WatchedFolders.parse(null).fileOf("file:/d/deploy/m.jar")).isEmpty();
    }

    private Path jar(String name, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path jar = folder.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("x.txt"));
        }
        return jar;
    }
}
