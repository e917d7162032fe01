package io.kedge.runtime.containerd;

import io.kedge.runtime.api.RuntimeFailure;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits, bounded, until containerd answers on its socket. */
final class Readiness {
    private Readiness() {
    }

    /** @return containerd's version; fails when it does not answer within {@code timeout} or its process died */
    static String await(ContainerdRuntime runtime, ManagedContainerd managed, Duration timeout) throws RuntimeFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeFailure last;
        do {
            try {
                return runtime.version();
            } catch (RuntimeFailure e) {
                last = e;
            }
            if (managed != null && managed.running().isEmpty()) {
                throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE,
                        "containerd exited at start; see " + managed.log(), last);
            }
            // the socket appears within a second or two of the start: poll gently
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } while (System.nanoTime() < deadline);
        throw new RuntimeFailure(RuntimeFailure.UNAVAILABLE, "containerd did not answer within " + timeout, last);
    }
}
