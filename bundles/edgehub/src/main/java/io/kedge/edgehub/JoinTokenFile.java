package io.kedge.edgehub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The join token, handed over by the launcher ({@code kedge edge join}) in {@code join.token} beside
 * the node's key: a file only the node's user can read (0600 in the 0700 certificate directory),
 * never in a ConfigAdmin configuration. It lives only until the node holds a certificate: EdgeHub
 * deletes it after a successful join, or at start when a valid certificate makes it unnecessary.
 *
 * <p>Read on every join attempt, so a token dropped in later (a new one after a refusal) is picked
 * up without a restart.
 */
final class JoinTokenFile {
    static final String NAME = "join.token";
    private static final Logger LOG = LoggerFactory.getLogger(JoinTokenFile.class);
    /** A token is a few hundred bytes; a larger file is not one. */
    private static final int MAX_BYTES = 8 * 1024;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    JoinTokenFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    /** The file in the node's certificate directory. */
    static JoinTokenFile in(Path certificatesDirectory) {
        return new JoinTokenFile(certificatesDirectory.resolve(NAME));
    }

    Path path() {
        return path;
    }

    /**
     * The token, or empty when there is none (no file, an empty one, or a malformed token: logged,
     * without the token).
     */
    Optional<JoinToken> read() {
        String text;
        try {
            text = readBounded();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.error("Cannot read the join token in {}: {}", path, e.getMessage());
            return Optional.empty();
        }
        tightenPermissions();
        try {
            return JoinToken.parse(text);
        } catch (IllegalArgumentException e) {
            LOG.error("Ignoring {}: {}", path, e.getMessage());
            return Optional.empty();
        }
    }

    boolean exists() {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** Removes the token; {@code why} goes into the log line. */
    void delete(String why) {
        try {
            if (Files.deleteIfExists(path)) {
                LOG.info("Deleted the join token {}: {}", path, why);
            }
        } catch (IOException e) {
            LOG.warn("Cannot delete the join token {} ({}): delete it by hand, it is not needed any more",
                    path, e.getMessage());
        }
    }

    private String readBounded() throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException("it is a symbolic link; write the token into the file itself");
        }
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }

    /** A token others can read is a token others may have: say so once, and close it. */
    private void tightenPermissions() {
        if (!POSIX) {
            return;
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            if (mode.stream().anyMatch(permission -> !permission.name().startsWith("OWNER_"))) {
                LOG.warn("The join token {} was readable beyond the node's user; setting it to 0600", path);
                Files.setPosixFilePermissions(path, FILE_MODE);
            }
        } catch (IOException e) {
            LOG.warn("Cannot restrict the permissions of {}: {}", path, e.getMessage());
        }
    }
}
