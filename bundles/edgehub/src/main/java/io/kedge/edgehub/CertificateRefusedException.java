package io.kedge.edgehub;

/**
 * The certificate exchange cannot succeed by repeating it as it is: the cloud refused the request
 * (400, 401, 403, 413), it presented a CA the join token does not pin, or it issued an unusable
 * certificate. The message says what happened and what to do.
 */
final class CertificateRefusedException extends Exception {
    CertificateRefusedException(String message) {
        super(message);
    }
}
