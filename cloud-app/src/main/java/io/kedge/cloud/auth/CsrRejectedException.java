package io.kedge.cloud.auth;

/** A certificate request the CA will not sign; the message says why. */
public class CsrRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public CsrRejectedException(String message) {
        super(message);
    }
}
