package io.kedge.api.outbox;

/** A message could not be made durable: it was NOT kept, and the caller must not report it as accepted. */
public class OutboxException extends Exception {
    private static final long serialVersionUID = 1L;

    public OutboxException(String message) {
        super(message);
    }

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
