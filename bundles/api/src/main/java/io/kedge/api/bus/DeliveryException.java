package io.kedge.api.bus;

/** Thrown by a handler that cannot take a message now (e.g. the cloud link just dropped). */
public class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }

    public DeliveryException(String message) {
        super(message);
    }
}
