package io.kedge.metamanager;

import io.kedge.sqlite.Migrations;
import java.util.List;

/** The schemas of MetaManager's databases, as numbered migration steps (never edit a released step). */
final class Schemas {

    private Schemas() {
    }

    /** {@code meta.db}: the objects the cloud sent and the store revision. */
    static Migrations objectStore() {
        return Migrations.of("MetaManager", List.of(
                /* 1 */ List.of(
                        """
                        CREATE TABLE objects (
                            key TEXT PRIMARY KEY,
                            namespace TEXT NOT NULL,
                            type TEXT NOT NULL,
                            name TEXT NOT NULL,
                            uid TEXT NOT NULL,
                            resource_version TEXT NOT NULL,
                            json TEXT NOT NULL)""",
                        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                        "INSERT INTO meta (name, value) VALUES ('revision', '0')",
                        "INSERT INTO meta (name, value) VALUES ('schema_version', '0')")));
    }

    /**
     * {@code outbox.db}: messages for the cloud, oldest {@code seq} first. At most one row per
     * non-null key (the latest value); {@code AUTOINCREMENT} so that a seq is never reused, not even
     * after the newest row was deleted: an ack for an old seq must never hit a newer message.
     */
    static Migrations outbox() {
        return Migrations.of("the outbox", List.of(
                /* 1 */ List.of(
                        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                        "INSERT INTO meta (name, value) VALUES ('schema_version', '0')",
                        """
                        CREATE TABLE outbox (
                            seq INTEGER PRIMARY KEY AUTOINCREMENT,
                            key TEXT UNIQUE,
                            message TEXT NOT NULL)""")));
    }
}
