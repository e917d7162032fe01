package io.kedge.sqlite;

/** The database file exists but its content cannot be used (corrupt, or written by a newer schema). */
public final class UnusableDatabase extends Exception {
    private static final long serialVersionUID = 1L;

    public UnusableDatabase(String reason, Throwable cause) {
        super(reason, cause);
    }
}
