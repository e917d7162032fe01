package io.kedge.runtime.containerd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder of a containerd that Kedge runs itself, {@code DIR/runtime/containerd}: its
 * config.toml, root, state, socket, pid file, log and the CNI network (bridge + host-local with
 * its own allocation folder, portmap, loopback), so that nothing is shared with a system
 * containerd or another node on the same machine.
 */
record ContainerdFiles(Path dir) {
    /** A Linux interface name: at most 15 bytes (IFNAMSIZ - 1). */
    private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    Path config() {
        return dir.resolve("config.toml");
    }

    Path socket() {
        return dir.resolve("containerd.sock");
    }

    Path pidFile() {
        return dir.resolve("containerd.pid");
    }

    Path log() {
        return dir.resolve("containerd.log");
    }

    Path cniConfDir() {
        return dir.resolve("cni");
    }

    /**
     * Writes config.toml and the CNI conflist; returns the config file. A bridge name the kernel would
     * refuse or a subnet that is not an IPv4 network fails here, with the setting named, before
     * containerd starts.
     */
    Path write(String sandboxImage, String subnet, String bridge, String cniBinDir) throws IOException {
        if (!BRIDGE.matcher(bridge).matches()) {
            throw new IllegalArgumentException("cni.bridge must be 1 to 15 letters, digits, '_', '.' or '-', got '"
                    + bridge + "'");
        }
        if (!isIpv4Network(subnet)) {
            throw new IllegalArgumentException("cni.subnet must be an IPv4 network A.B.C.D/N (N 8..30), got '"
                    + subnet + "'");
        }
        Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(cniConfDir());
        Files.createDirectories(dir.resolve("cni-ipam"));
        String toml = """
                # written by Kedge at each start; edit the component's configuration instead
                version = 2
                root = %s
                state = %s
                [grpc]
                  address = %s
                [plugins."io.containerd.grpc.v1.cri"]
                  # the node may lack CAP_SYS_RESOURCE (containers, sandboxes): runc fails without it
                  restrict_oom_score_adj = true
                  # the pods' network namespaces live under state too, not in the machine's /var/run/netns
                  netns_mounts_under_state_dir = true
                  sandbox_image = %s
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = %s
                    conf_dir = %s
                    max_conf_num = 1
                """.formatted(quote(dir.resolve("root")), quote(dir.resolve("state")), quote(socket()),
                quote(sandboxImage), quote(cniBinDir), quote(cniConfDir()));
        Files.writeString(config(), toml);
        String conflist = """
                {
                  "cniVersion": "1.0.0",
                  "name": "kedge",
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": "%s",
                      "isGateway": true,
                      "ipMasq": true,
                      "hairpinMode": true,
                      "ipam": {
                        "type": "host-local",
                        "dataDir": "%s",
                        "ranges": [[{ "subnet": "%s" }]],
                        "routes": [{ "dst": "0.0.0.0/0" }]
                      }
                    },
                    { "type": "portmap", "capabilities": { "portMappings": true } },
                    { "type": "loopback" }
                  ]
                }
                """.formatted(json(bridge), json(dir.resolve("cni-ipam").toString()), json(subnet));
        Files.writeString(cniConfDir().resolve("10-kedge.conflist"), conflist);
        return config();
    }

    static boolean isIpv4Network(String value) {
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
        return prefix >= 8 && prefix <= 30;
    }

    private static String quote(Object value) {
        return "\"" + escape(value.toString()) + "\"";
    }

    private static String json(String value) {
        return escape(value);
    }

    /** Escapes for a TOML basic string or a JSON string (the same rules for these characters). */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
