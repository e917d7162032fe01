package io.kedge.distro.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CNI bridge and pod subnet of a new containerd node ({@code cni.bridge}, {@code cni.subnet} of
 * {@code io.kedge.runtime.containerd}). A lone node keeps the defaults, {@code kedge0} on
 * {@code 10.88.0.0/16}. Several nodes on one machine must not share a bridge and a subnet (each
 * containerd's host-local allocator would hand out the same addresses): when {@code kedge0} already
 * carries another node's pods, a new node takes slot {@code s} ({@code kedgeS} on
 * {@code 10.89.S.0/24}, 254 pods), starting at a slot given by its name's hash and skipping slots
 * whose bridge carries pods. Nodes whose first pod has not started yet own no bridge: start them
 * with {@code --pod-bridge} / {@code --pod-subnet} where that race matters.
 */
record PodNetwork(String bridge, String subnet) {
    static final PodNetwork DEFAULT = new PodNetwork("kedge0", "10.88.0.0/16");
    static final int SLOTS = 255;

    /** A Linux interface name: at most 15 bytes (IFNAMSIZ - 1). */
    private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /**
     * The network of node {@code node}: {@code bridge} and {@code subnet} when given, the rest from the
     * default or the node's slot; {@code inUse} says whether a bridge of that name carries pods now.
     */
    static PodNetwork choose(String node, Optional<String> bridge, Optional<String> subnet, Predicate<String> inUse)
            throws EdgeOptions.UsageException {
        if (bridge.isPresent() && !BRIDGE.matcher(bridge.get()).matches()) {
            throw new EdgeOptions.UsageException("--pod-bridge must be 1 to 15 letters, digits, '_', '.' or '-', got '"
                    + bridge.get() + "'", false);
        }
        if (subnet.isPresent() && !isSubnet(subnet.get())) {
            throw new EdgeOptions.UsageException("--pod-subnet must be an IPv4 network A.B.C.D/N with N from 8 to 28, got '"
                    + subnet.get() + "'", false);
        }
        PodNetwork derived = bridge.isPresent() && subnet.isPresent() ? DEFAULT : derive(node, inUse);
        return new PodNetwork(bridge.orElse(derived.bridge()), subnet.orElse(derived.subnet()));
    }

    /** The default while {@code kedge0} carries no pods, else the node's first free slot (its hash's one if all are taken). */
    static PodNetwork derive(String node, Predicate<String> inUse) {
        if (!inUse.test(DEFAULT.bridge())) {
            return DEFAULT;
        }
        int first = Math.floorMod(node.hashCode(), SLOTS);
        return Stream.iterate(0, i -> i + 1).limit(SLOTS).map(i -> slot(1 + (first + i) % SLOTS))
                .filter(network -> !inUse.test(network.bridge())).findFirst().orElse(slot(1 + first));
    }

    static PodNetwork slot(int slot) {
        return new PodNetwork("kedge" + slot, "10.89." + slot + ".0/24");
    }

    /** A Linux bridge with ports: pods of some node are attached to it. */
    static boolean bridgeCarriesPods(String bridge) {
        Path ports = Path.of("/sys/class/net", bridge, "brif");
        try (Stream<Path> attached = Files.isDirectory(ports) ? Files.list(ports) : Stream.empty()) {
            return attached.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isSubnet(String value) {
        Matcher m = CIDR.matcher(value);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        int prefix = Integer.parseInt(m.group(5));
        return prefix >= 8 && prefix <= 28;
    }
}
