package io.kedge.devicetwin;

import io.kedge.devicetwin.port.CloudPort;
import io.kedge.devicetwin.port.CloudReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** An outbox in memory that coalesces by key; it can be made to refuse reports. */
final class InMemoryCloud implements CloudPort {
    private final Map<String, CloudReport> outbox = new LinkedHashMap<>();
    private int puts;
    private boolean refusing;

    @Override
    public synchronized CompletableFuture<Void> report(String key, CloudReport report) {
        puts++;
        if (refusing) {
            return CompletableFuture.failedFuture(new IllegalStateException("outbox full"));
        }
        outbox.remove(key);
        outbox.put(key, report);
        return CompletableFuture.completedFuture(null);
    }

    synchronized void refuse(boolean refuse) {
        refusing = refuse;
    }

    synchronized Map<String, CloudReport> outbox() {
        return Map.copyOf(outbox);
    }

    synchronized int puts() {
        return puts;
    }
}
