package io.kedge.devicedata;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/** Warns once per key (a device's property), so a pushMethod that cannot work does not flood the log. */
final class OnceLog {
    private static final int MAX_KEYS = 10_000;
    private final Logger log;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    OnceLog(Logger log) {
        this.log = log;
    }

    void warn(String key, String message, Object... args) {
        if (warned.size() < MAX_KEYS && warned.add(key)) {
            log.warn(message, args);
        }
    }
}
