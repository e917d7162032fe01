package io.kedge.metamanager;

/** The database file exists but its content cannot be used (corrupt, or written by a newer schema). */
final class UnusableDatabase extends Exception {
    private static final long serialVersionUID = 1L;

    UnusableDatabase(String reason, Throwable cause) {
        super(reason, cause);
    }
}
