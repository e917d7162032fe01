package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.exec.NodeExecutors;
import io.kedge.itest.support.Poll;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;

/** The node's modules share a few named threads instead of each owning some. */
class NodeThreadsTest extends ConnectedNodeTest {
    /** Threads the modules used to start for themselves. */
    private static final List<String> PRIVATE_THREADS = List.of("kedge-edgehub", "kedge-edgehub-io",
            "kedge-edgehub-certs", "kedge-edged-status", "kedge-metamanager-retry", "kedge-metamanager-events",
            "kedge-outbox", "kedge-console-guard", "kedge-metaserver-deadlines", "kedge-bus-timer-");

    @Override
    String nodeName() {
        return "itest-threads";
    }

    @Test
    void aConnectedNodeRunsItsModulesOnTheSharedThreads() {
        List<String> names = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith("kedge-")).toList();

        assertThat(names).noneMatch(n -> PRIVATE_THREADS.stream().anyMatch(n::startsWith));
        assertThat(names).filteredOn(n -> n.matches("kedge-timer-\\d+")).hasSize(1);
        // bounds of the shared pools, whatever the node happens to be doing
        assertThat(names).filteredOn(n -> n.matches("kedge-worker-\\d+")).hasSizeLessThanOrEqualTo(6);
        assertThat(names).filteredOn(n -> n.matches("kedge-io-\\d+")).hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void releasingOneUsersExecutorsEndsItsTasksOnly() {
        ServiceReference<NodeExecutors> reference = context.getServiceReference(NodeExecutors.class);
        ServiceObjects<NodeExecutors> objects = context.getServiceObjects(reference);
        NodeExecutors leaving = objects.getService();
        NodeExecutors staying = objects.getService();
        assertThat(leaving).isNotSameAs(staying);
        AtomicInteger leavingTicks = new AtomicInteger();
        AtomicInteger stayingTicks = new AtomicInteger();
        ScheduledFuture<?> left = leaving.newSerialExecutor("itest")
                .scheduleWithFixedDelay(leavingTicks::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
        staying.newSerialExecutor("itest")
                .scheduleWithFixedDelay(stayingTicks::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
        Poll.until("both ticking", () -> leavingTicks.get() > 2 && stayingTicks.get() > 2);

        objects.ungetService(leaving);

        assertThat(left.isCancelled()).isTrue();
        int after = stayingTicks.get();
        Poll.until("the other user's task still ticking", () -> stayingTicks.get() > after + 2);
        assertThat(node.hubHandlerRegistered()).isTrue();
        objects.ungetService(staying);
    }
}
