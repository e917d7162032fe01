package io.kedge.distro.launcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which runtime runs a new node's pods: {@code containerd} (Kedge starts its own), {@code process}
 * (host processes, for gateways without containers) or {@code none} (the node keeps and serves its
 * pods but runs none). Without {@code --runtime}: containerd where it can run, else process.
 */
final class RuntimeChoice {
    static final List<String> NAMES = List.of("containerd", "process", "none");
    static final String CONTAINERD_CFG = "io.kedge.runtime.containerd.cfg";

    private RuntimeChoice() {
    }

    static String choose(Optional<String> given, Predicate<String> onPath, boolean root)
            throws EdgeOptions.UsageException {
        if (given.isPresent()) {
            if (!NAMES.contains(given.get())) {
                throw new EdgeOptions.UsageException("--runtime must be one of " + String.join(", ", NAMES)
                        + ", got '" + given.get() + "'", false);
            }
            return given.get();
        }
        return root && onPath.test("containerd") && onPath.test("runc") ? "containerd" : "process";
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
