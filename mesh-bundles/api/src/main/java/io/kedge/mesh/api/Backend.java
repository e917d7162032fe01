package io.kedge.mesh.api;

import java.util.Objects;

/** Where one connection to a service port goes: an endpoint's address and port. */
public record Backend(String ip, int port, String podName) {

    public Backend {
        Objects.requireNonNull(ip, "ip");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        podName = podName == null ? "" : podName;
    }

    @Override
    public String toString() {
        return ip + ":" + port + (podName.isEmpty() ? "" : " (" + podName + ")");
    }
}
