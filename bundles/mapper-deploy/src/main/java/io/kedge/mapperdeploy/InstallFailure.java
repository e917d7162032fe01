package io.kedge.mapperdeploy;

/** Why a mapper bundle was refused or rolled back; the message goes to the cloud as the reason. */
final class InstallFailure extends Exception {
    private static final long serialVersionUID = 1L;

    InstallFailure(String reason) {
        super(reason);
    }

    InstallFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
