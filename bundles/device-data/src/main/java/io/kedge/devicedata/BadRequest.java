package io.kedge.devicedata;

/** A request the REST API refuses with 400; the message says what is wrong and is safe to send back. */
final class BadRequest extends Exception {
    BadRequest(String message) {
        super(message);
    }
}
