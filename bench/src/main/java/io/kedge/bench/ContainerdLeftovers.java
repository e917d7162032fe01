package io.kedge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Removes what a stopped bench node's containerd left behind, touching only what is provably the
 * node's: processes naming its folder (containerd, shims) and everything under those shims, mounts
 * under the folder, NAT rules and network namespaces of its own pod subnet, and its bridge. A node
 * that deleted its pods leaves nothing of this; a node stopped with pods leaves all of it.
 */
final class ContainerdLeftovers {
    private ContainerdLeftovers() {
    }

    /** Shims serving the node in {@code folder}: one per pod sandbox still there. */
    static List<ProcessHandle> shims(Path folder) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("containerd-shim") && c.contains(folder.toString())).orElse(false)).toList();
    }

    static void clean(Path folder, String bridge, String subnetPrefix) throws IOException, InterruptedException {
        for (ProcessHandle shim : shims(folder)) {
            shim.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(folder.toString())).orElse(false))
                .forEach(p -> {
                    System.out.println("ending leftover " + p.pid() + ": " + p.info().commandLine().orElse(""));
                    p.destroyForcibly();
                });
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" ")[1])
                .filter(m -> m.startsWith(folder.toString())).toList();
        for (int i = mounts.size() - 1; i >= 0; i--) {
            run("umount", "-l", mounts.get(i));
        }
        for (String namespace : namespacesOf(subnetPrefix)) {
            System.out.println("removing leftover network namespace " + namespace);
            run("ip", "netns", "delete", namespace);
        }
        removeNatRules(subnetPrefix);
        if (Files.exists(Path.of("/sys/class/net", bridge))) {
            run("ip", "link", "delete", bridge);
        }
    }

    /** Network namespaces under /run/netns holding an address of the subnet. */
    private static List<String> namespacesOf(String subnetPrefix) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        Path dir = Path.of("/run/netns");
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> namespaces = Files.list(dir)) {
            for (Path namespace : namespaces.toList()) {
                String name = namespace.getFileName().toString();
                if (output("ip", "netns", "exec", name, "ip", "-4", "-o", "addr").contains(" " + subnetPrefix)) {
                    found.add(name);
                }
            }
        }
        return found;
    }

    /** CNI's masquerade rules for pod addresses of the subnet, and the chains they jump to. */
    private static void removeNatRules(String subnetPrefix) throws IOException, InterruptedException {
        List<String> chains = new ArrayList<>();
        for (String rule : output("iptables", "-t", "nat", "-S", "POSTROUTING").lines().toList()) {
            String[] words = rule.split(" ");
            if (rule.startsWith("-A POSTROUTING -s " + subnetPrefix) && words[words.length - 2].equals("-j")) {
                String chain = words[words.length - 1];
                chains.add(chain);
                String source = words[3];
                // the rule's comment holds quotes: delete it by its position instead of its text
                List<String> numbered = output("iptables", "-t", "nat", "-L", "POSTROUTING", "--line-numbers", "-n")
                        .lines().filter(l -> l.contains(chain) && l.contains(source.replace("/32", ""))).toList();
                if (!numbered.isEmpty()) {
                    run("iptables", "-t", "nat", "-D", "POSTROUTING", numbered.get(0).split("\\s+")[0]);
                }
            }
        }
        for (String chain : chains) {
            run("iptables", "-t", "nat", "-F", chain);
            run("iptables", "-t", "nat", "-X", chain);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        new ProcessBuilder(command).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
