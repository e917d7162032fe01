package io.kedge.runtime.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a command's executable as a shell would: a path when it has a slash, else on PATH. */
final class CommandResolver {

    private CommandResolver() {
    }

    static Optional<Path> resolve(String command, String path, Path workDir) {
        if (command.isEmpty()) {
            return Optional.empty();
        }
        if (command.contains("/")) {
            Path file = workDir.resolve(command);
            return executable(file) ? Optional.of(file) : Optional.empty();
        }
        for (String dir : (path == null ? "" : path).split(":")) {
            if (!dir.isEmpty()) {
                Path file = Path.of(dir, command);
                if (executable(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean executable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
