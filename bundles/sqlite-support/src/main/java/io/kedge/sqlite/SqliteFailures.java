package io.kedge.sqlite;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Tells SQLite failures apart by what the caller should do about them. */
public final class SqliteFailures {

    private SqliteFailures() {
    }

    /** The file is not (or no longer) a database we can read: only moving it aside helps. */
    public static boolean isCorruption(Exception e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            return code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT
                    || (code != null && code.name().startsWith("SQLITE_CORRUPT"));
        }
        return e instanceof NumberFormatException;
    }

    /** The disk, or the size the database may grow to, is exhausted. */
    public static boolean isFull(Exception e) {
        return e instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_FULL;
    }
}
