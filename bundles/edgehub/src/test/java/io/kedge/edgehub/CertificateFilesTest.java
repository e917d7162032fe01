package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.protocol.join.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesTest {
    private static final String NODE = "edge-1";

    @TempDir
    Path data;

    private final TestCertificateAuthority ca = new TestCertificateAuthority("kedge-test-ca");

    @Test
    void nothingStoredYetIsEmptyNotAnError() throws Exception {
        assertThat(new CertificateFiles(data.resolve("certs")).load()).isEmpty();
    }

    @Test
    void storesPemFilesOnlyTheNodeCanReadAndLoadsThemBack() throws Exception {
        Path dir = data.resolve("certs");
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        CertificateFiles files = new CertificateFiles(dir);
        NodeCredentials credentials = credentials();

        files.store(credentials);

        assertThat(Files.getPosixFilePermissions(dir)).as("tightened").isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("node.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(dir.resolve("node.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(dir.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        NodeCredentials loaded = files.load().orElseThrow();
        assertThat(loaded.certificate()).isEqualTo(credentials.certificate());
        assertThat(loaded.ca()).isEqualTo(credentials.ca());
        assertThat(loaded.key().getEncoded()).isEqualTo(credentials.key().getEncoded());
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        CertificateFiles files = new CertificateFiles(data.resolve("certs"));
        files.store(credentials());
        Files.delete(data.resolve("certs/node.crt"));

        assertThatThrownBy(files::load).isInstanceOf(CertificateFiles.UnreadableException.class)
                .hasMessageContaining("node.crt is missing");
    }

    @Test
    void anInterruptedStoreBeforeAnyRenameKeepsTheOldPair() throws Exception {
        CertificateFiles files = new CertificateFiles(data.resolve("certs"));
        NodeCredentials old = credentials();
        files.store(old);
        // crash while writing the new files: a pending key exists (maybe partial), nothing was renamed
        Files.writeString(data.resolve("certs/node.key.new"), "-----BEGIN PRIVATE KEY-----\nhalf");
        Files.writeString(data.resolve("certs/node.crt.new"), "");

        assertThat(files.load().orElseThrow().certificate()).isEqualTo(old.certificate());
        try (var listing = Files.list(data.resolve("certs"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.crt", "node.crt",
                    "node.key");
        }
    }

    @Test
    void anInterruptedStoreAfterTheKeyWasRenamedIsCompleted() throws Exception {
        Path dir = data.resolve("certs");
        CertificateFiles files = new CertificateFiles(dir);
        files.store(credentials());
        NodeCredentials fresh = credentials();
        // crash after renaming the new key over the old one: the new certificate is still pending
        files.store(fresh);
        Files.move(dir.resolve("node.crt"), dir.resolve("node.crt.new"));
        Files.copy(dir.resolve("ca.crt"), dir.resolve("ca.crt.new"));
        Files.writeString(dir.resolve("node.crt"), Pem.certificate(credentials().certificate())); // an older one

        NodeCredentials loaded = files.load().orElseThrow();
        assertThat(loaded.certificate()).isEqualTo(fresh.certificate());
        assertThat(loaded.problemFor(NODE, Instant.now())).as("key and certificate belong together").isEmpty();
        assertThat(dir.resolve("node.crt.new")).doesNotExist();
        assertThat(dir.resolve("ca.crt.new")).doesNotExist();
    }

    private NodeCredentials credentials() {
        KeyPair keys = CertificateSigningRequest.newKeyPair();
        return new NodeCredentials(ca.certificate(), ca.issueNode(NODE, keys.getPublic(),
                Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1))), keys.getPrivate());
    }
}
