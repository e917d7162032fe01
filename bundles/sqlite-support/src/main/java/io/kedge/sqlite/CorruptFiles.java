package io.kedge.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Moves an unusable database (with its WAL and shared-memory files) aside; never deletes it. */
public final class CorruptFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private CorruptFiles() {
    }

    /** Renames {@code file} to {@code file.corrupt-<time>} and returns the new name. */
    public static Path moveAside(Path file) throws IOException {
        String suffix = ".corrupt-" + LocalDateTime.now().format(STAMP);
        Path target = file.resolveSibling(file.getFileName() + suffix);
        for (int i = 2; Files.exists(target); i++) {
            target = file.resolveSibling(file.getFileName() + suffix + "-" + i);
        }
        Files.move(file, target);
        PrivateFiles.restrict(target); // kept for inspection, and still full of Secrets
        for (String companion : new String[] {"-wal", "-shm"}) {
            Path from = file.resolveSibling(file.getFileName() + companion);
            if (Files.exists(from)) {
                Files.move(from, target.resolveSibling(target.getFileName() + companion));
            }
        }
        PrivateFiles.companions(target);
        return target;
    }
}
