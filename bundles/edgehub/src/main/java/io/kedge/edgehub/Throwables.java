package io.kedge.edgehub;

/** Log text for failures whose interesting part is at the bottom of a cause chain. */
final class Throwables {
    private Throwables() {
    }

    /** The innermost cause's type and message, e.g. {@code ConnectException: Connection refused}. */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
