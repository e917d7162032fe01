package io.kedge.cloud.devapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the stand-in API's own files (its state, which holds every Secret, and its kubeconfig):
 * readable by this user only, whatever the umask, and whole or not at all (temp file + rename), so
 * a reader polling for the file never sees half of it. A folder it creates is 0700; an existing
 * one is the user's choice and left as it is.
 */
final class PrivateFile {

  private PrivateFile() {
  }

  static void write(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent, posix ? permissions("rwx------") : new FileAttribute<?>[0]);
    }
    Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp",
        posix ? permissions("rw-------") : new FileAttribute<?>[0]);
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<?>[] permissions(String permissions) {
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
  }
}
