package io.kedge.cloud;

import java.lang.management.ManagementFactory;

/** Heap in use after a full collection: what the process holds on to, for hostile tests. */
final class HeapUse {
    private HeapUse() {
    }

    static long afterGc() {
        long used = Long.MAX_VALUE;
        // Several rounds: one collection may leave what finalisation and reference queues free next.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static long mebibytes(long bytes) {
        return bytes / (1024 * 1024);
    }
}
