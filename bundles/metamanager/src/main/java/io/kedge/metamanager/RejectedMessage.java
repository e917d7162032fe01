package io.kedge.metamanager;

/** A message that can never be applied as it is; the sender gets the reason in an error reply. */
final class RejectedMessage extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedMessage(String reason) {
        super(reason);
    }
}
