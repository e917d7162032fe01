package io.kedge.edged;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the node is made of, read from /proc and the operating system; nothing is made up. */
record MachineInfo(
        int cpus,
        long memoryBytes,
        long memoryAvailableBytes,
        long storageBytes,
        long storageFreeBytes,
        String hostname,
        String osImage,
        String kernelVersion,
        String architecture,
        String machineId,
        String bootId) {

    static MachineInfo read(Path root, Path dataDir) {
        long[] storage = storage(dataDir);
        return new MachineInfo(cpus(root), meminfo(root, "MemTotal"), meminfo(root, "MemAvailable"), storage[0],
                storage[1], hostname(root), osImage(root), firstLine(root, "proc/sys/kernel/osrelease").orElse(""),
                goArch(System.getProperty("os.arch")), firstLine(root, "etc/machine-id").orElse(""),
                firstLine(root, "proc/sys/kernel/random/boot_id").orElse(""));
    }

    /** Kubernetes names architectures as Go does. */
    static String goArch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm", "armv7l" -> "arm";
            case "x86", "i386", "i686" -> "386";
            default -> javaArch;
        };
    }

    private static int cpus(Path root) {
        List<String> lines = lines(root.resolve("proc/cpuinfo"));
        long processors = lines.stream().filter(l -> l.startsWith("processor")).count();
        return processors > 0 ? (int) processors : Runtime.getRuntime().availableProcessors();
    }

    /** A /proc/meminfo field in bytes (the file says kB, meaning KiB). */
    static long meminfo(Path root, String field) {
        for (String line : lines(root.resolve("proc/meminfo"))) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    private static long[] storage(Path dataDir) {
        try {
            Path existing = dataDir.toAbsolutePath();
            while (!Files.exists(existing) && existing.getParent() != null) {
                existing = existing.getParent();
            }
            FileStore store = Files.getFileStore(existing);
            return new long[] {store.getTotalSpace(), store.getUsableSpace()};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    private static String hostname(Path root) {
        return firstLine(root, "proc/sys/kernel/hostname").orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        });
    }

    private static String osImage(Path root) {
        for (String line : lines(root.resolve("etc/os-release"))) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring("PRETTY_NAME=".length()).replace("\"", "");
            }
        }
        return System.getProperty("os.name");
    }

    /** The first site-local IPv4 address, else any non-loopback IPv4, else loopback. */
    static String primaryAddress() {
        try {
            Optional<InetAddress> any = Optional.empty();
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        if (address.isSiteLocalAddress()) {
                            return address.getHostAddress();
                        }
                        any = any.or(() -> Optional.of(address));
                    }
                }
            }
            return any.map(InetAddress::getHostAddress).orElse("127.0.0.1");
        } catch (SocketException e) {
            return "127.0.0.1";
        }
    }

    private static Optional<String> firstLine(Path root, String file) {
        List<String> lines = lines(root.resolve(file));
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0).trim());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
