package io.kedge.eventbus;

import java.io.IOException;

/** A listener of the embedded broker cannot bind: something else holds its port. Worth a retry. */
final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String listener;
    private final int port;

    PortInUseException(String listener, int port, Throwable cause) {
        super(listener + " port " + port + " in use by another process", cause);
        this.listener = listener;
        this.port = port;
    }

    /** {@code MQTT} or {@code MQTT TLS}. */
    String listener() {
        return listener;
    }

    int port() {
        return port;
    }
}
