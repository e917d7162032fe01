package io.kedge.edgehub;

import io.kedge.protocol.join.Pem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's credentials on disk: {@code ca.crt}, {@code node.crt} and {@code node.key} (PEM) in a
 * directory only the node's user can enter (0700, files 0600).
 *
 * <p>A store writes every file as {@code NAME.new}, forces it to disk, then renames the key, the
 * certificate and the CA over the old ones. A crash therefore never leaves half a file; and the
 * next {@link #load} completes a store that had already begun renaming, so the key and the
 * certificate on disk always belong together.
 */
final class CertificateFiles {
    static final String CA = "ca.crt";
    static final String CERTIFICATE = "node.crt";
    static final String KEY = "node.key";
    private static final String PENDING = ".new";
    /** Renamed in this order; once the key is renamed, the rest must follow. */
    private static final List<String> STORE_ORDER = List.of(KEY, CERTIFICATE, CA);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    /** A file is present but unusable; the message names it and says why. */
    static final class UnreadableException extends Exception {
        UnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path directory;

    CertificateFiles(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    Path directory() {
        return directory;
    }

    /** Empty when the node has never stored credentials here. */
    Optional<NodeCredentials> load() throws UnreadableException {
        try {
            finishInterruptedStore();
        } catch (IOException e) {
            throw new UnreadableException("cannot complete an interrupted certificate update in " + directory + ": "
                    + e.getMessage(), e);
        }
        if (STORE_ORDER.stream().noneMatch(name -> Files.exists(directory.resolve(name)))) {
            return Optional.empty();
        }
        X509Certificate ca = readCertificate(CA);
        X509Certificate certificate = readCertificate(CERTIFICATE);
        PrivateKey key;
        try {
            key = PrivateKeyPem.read(read(KEY));
        } catch (IOException e) {
            throw unreadable(KEY, e);
        }
        return Optional.of(new NodeCredentials(ca, certificate, key));
    }

    void store(NodeCredentials credentials) throws IOException {
        createPrivateDirectory();
        writePending(KEY, Pem.privateKey(credentials.key()));
        writePending(CERTIFICATE, Pem.certificate(credentials.certificate()));
        writePending(CA, Pem.certificate(credentials.ca()));
        syncDirectory();
        for (String name : STORE_ORDER) {
            Files.move(pending(name), directory.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory();
    }

    /**
     * A pending key means no rename happened: the old files are intact and the pending ones may be
     * partial, so they go. A pending certificate without a pending key means the key was renamed:
     * the pending files were complete (forced before the first rename) and are renamed now.
     */
    private void finishInterruptedStore() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        boolean renamingBegan = !Files.exists(pending(KEY));
        for (String name : STORE_ORDER) {
            Path pending = pending(name);
            if (renamingBegan && Files.exists(pending)) {
                Files.move(pending, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(pending);
            }
        }
    }

    private void createPrivateDirectory() throws IOException {
        if (!POSIX) {
            Files.createDirectories(directory);
            return;
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        }
        Files.setPosixFilePermissions(directory, DIRECTORY_MODE); // also tightens a directory made by hand
    }

    private void writePending(String name, String pem) throws IOException {
        Path path = pending(name);
        Files.deleteIfExists(path);
        FileAttribute<?>[] mode = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
        // CREATE_NEW and NOFOLLOW_LINKS: never write through a link someone placed here.
        try (FileChannel channel = FileChannel.open(path,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), mode)) {
            ByteBuffer bytes = ByteBuffer.wrap(Pem.bytes(pem));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        if (POSIX) {
            Files.setPosixFilePermissions(path, FILE_MODE); // the umask may have taken more than we asked
        }
    }

    /** Makes the renames durable; some file systems cannot open a directory, and then rename is all we have. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // best effort
        }
    }

    private X509Certificate readCertificate(String name) throws UnreadableException {
        try {
            return Pem.readCertificate(Files.readAllBytes(directory.resolve(name)));
        } catch (IOException | CertificateException e) {
            throw unreadable(name, e);
        }
    }

    private String read(String name) throws IOException {
        // Latin-1 decodes any bytes: a damaged file is then reported by the PEM reader, not the charset.
        return Files.readString(directory.resolve(name), StandardCharsets.ISO_8859_1);
    }

    private UnreadableException unreadable(String name, Exception cause) {
        String why = cause instanceof java.nio.file.NoSuchFileException ? "is missing"
                : "cannot be read (" + cause.getMessage() + ")";
        return new UnreadableException(directory.resolve(name) + " " + why, cause);
    }

    private Path pending(String name) {
        return directory.resolve(name + PENDING);
    }
}
