package io.kedge.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.edgehub.Backoff;
import io.kedge.protocol.Acks;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.testing.cloud.FakeCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
    private FakeCloud hub;
    private FleetSimulator fleet;

    @BeforeEach
    void startHub() throws Exception {
        hub = FakeCloud.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        hub.close();
    }

    private FleetSimulator.Settings settings(int nodes) {
        return FleetSimulator.Settings.of(hub.url(), "", "", "sim", nodes).withReconnect(50, 400);
    }

    @Test
    void aNodeRegistersAnswersTheInventoryAndAcknowledgesEveryObject() throws Exception {
        fleet = FleetSimulator.startInsecure(settings(1));
        assertThat(fleet.awaitConnected(Duration.ofSeconds(10))).isTrue();

        Message registration = hub.next("sim-0", Operations.INSERT);
        assertThat(registration.resource()).isEqualTo("default/node/sim-0");
        assertThat(registration.content().path("kind").asText()).isEqualTo("Node");
        assertThat(registration.content().path("metadata").path("labels").has("node-role.kubernetes.io/edge")).isTrue();

        Message query = cloudMessage(Operations.QUERY, "default/inventory/sim-0", null);
        hub.send("sim-0", query);
        Message inventory = hub.next("sim-0", Operations.RESPONSE);
        assertThat(inventory.parentId()).isEqualTo(query.id());
        assertThat(inventory.content().path("objects").isArray()).isTrue();
        assertThat(inventory.content().path("objects")).isEmpty();

        ObjectNode service = MessageCodec.mapper().createObjectNode();
        service.put("kind", "Service").putObject("metadata").put("name", "a").put("uid", "u-1");
        Message insert = cloudMessage(Operations.INSERT, "default/service/a", service).withResourceVersion("7");
        hub.send("sim-0", insert);
        assertThat(Acks.ids(hub.next("sim-0", Operations.ACK))).containsExactly(insert.id());
        assertThat(fleet.acks()).isEqualTo(1);
        assertThat(fleet.nodesHolding("default/service/a")).isEqualTo(1);

        Message again = cloudMessage(Operations.QUERY, "default/inventory/sim-0", null);
        hub.send("sim-0", again);
        JsonNode objects = hub.next("sim-0", Operations.RESPONSE).content().path("objects");
        assertThat(objects).hasSize(1);
        assertThat(objects.get(0).path("key").asText()).isEqualTo("default/service/a");
        assertThat(objects.get(0).path("uid").asText()).isEqualTo("u-1");
        assertThat(objects.get(0).path("resourceVersion").asText()).isEqualTo("7");

        Message delete = cloudMessage(Operations.DELETE, "default/service/a", service);
        hub.send("sim-0", delete);
        assertThat(Acks.ids(hub.next("sim-0", Operations.ACK))).containsExactly(delete.id());
        assertThat(fleet.acks()).isEqualTo(2);
        assertThat(fleet.minimumAcks()).isEqualTo(2);
        assertThat(fleet.nodesHolding("default/service/a")).isZero();
    }

    @Test
    void keepalivesFlowAndStatusIsReportedOnceRegistered() throws Exception {
        fleet = FleetSimulator.startInsecure(new FleetSimulator.Settings(hub.url(), "", "", "sim", 1, 50, 400,
                Duration.ofMillis(100), Duration.ofMillis(100)));
        Message registration = hub.next("sim-0", Operations.INSERT);
        assertThat(hub.next("sim-0", Operations.KEEPALIVE).resource()).isEqualTo("node");

        hub.send("sim-0", Message.responseTo(registration, "edgecontroller", null));
        Message status = hub.next("sim-0", Operations.UPDATE);
        assertThat(status.resource()).isEqualTo("default/nodestatus/sim-0");
        assertThat(status.content().path("Status").path("conditions").get(0).path("type").asText()).isEqualTo("Ready");
        assertThat(status.content().path("Status").path("conditions").get(0).path("status").asText())
                .isEqualTo("True");
    }

    @Test
    void aRefusedRegistrationIsTriedAgain() throws Exception {
        fleet = FleetSimulator.startInsecure(settings(1));
        Message first = hub.next("sim-0", Operations.INSERT);
        hub.send("sim-0", Message.errorTo(first, "edgecontroller", "UNAVAILABLE: API busy"));
        Message second = hub.next("sim-0", Operations.INSERT);
        assertThat(second.resource()).isEqualTo("default/node/sim-0");
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void droppedNodesComeBackAtJitteredTimesAndReportWhen() throws Exception {
        int nodes = 40;
        fleet = FleetSimulator.startInsecure(settings(nodes));
        assertThat(fleet.awaitConnected(Duration.ofSeconds(20))).isTrue();
        assertThat(fleet.size()).isEqualTo(nodes);

        long dropped = System.nanoTime();
        fleet.nodeNames().forEach(hub::drop);
        assertThat(await(() -> fleet.firstConnectsAfter(dropped).stream().allMatch(t -> t >= 0),
                Duration.ofSeconds(20))).isTrue();
        List<Long> millis = fleet.firstConnectsAfter(dropped).stream()
                .map(t -> TimeUnit.NANOSECONDS.toMillis(t - dropped)).sorted().toList();
        // first delays are uniform in [0, 50] ms, later ones in [0, 100], [0, 200]...: never all at once
        assertThat(millis.get(nodes * 9 / 10) - millis.get(nodes / 10)).as("10%%..90%% spread of %s", millis)
                .isGreaterThanOrEqualTo(15);
        assertThat(hub.opened()).hasSize(2 * nodes);
    }

    @Test
    void suspendedNodesStayAwayUntilResumedAndThenReportWhatTheyHold() throws Exception {
        fleet = FleetSimulator.startInsecure(settings(2));
        assertThat(fleet.awaitConnected(Duration.ofSeconds(10))).isTrue();
        Message insert = cloudMessage(Operations.INSERT, "default/service/b", null).withResourceVersion("3");
        hub.send("sim-1", insert);
        assertThat(await(() -> fleet.acks() == 1, Duration.ofSeconds(10))).isTrue();

        fleet.suspendAll();
        assertThat(fleet.connected()).isZero();
        Thread.sleep(600); // longer than the largest backoff
        assertThat(hub.opened()).hasSize(2);

        fleet.resumeAll();
        assertThat(fleet.awaitConnected(Duration.ofSeconds(10))).isTrue();
        assertThat(hub.opened()).hasSize(4);
        Message query = cloudMessage(Operations.QUERY, "default/inventory/sim-1", null);
        hub.send("sim-1", query);
        Message inventory;
        do {
            inventory = hub.next("sim-1", Operations.RESPONSE);
        } while (!inventory.parentId().equals(query.id()));
        assertThat(inventory.content().path("objects").get(0).path("key").asText()).isEqualTo("default/service/b");
    }

    @Test
    void theFleetsBackoffSpreadsFirstAttemptsUniformlyAndDoublesUpToTheCap() {
        int nodes = 2_000;
        Map<Long, Integer> perSlot = new TreeMap<>();
        List<Backoff> backoffs = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < nodes; i++) {
            Backoff backoff = SimulatedNode.backoff(1_000, 60_000);
            backoffs.add(backoff);
            long first = backoff.nextDelayMillis();
            assertThat(first).isBetween(0L, 1_000L);
            perSlot.merge(Math.min(first / 100, 9), 1, Integer::sum); // 1,000 itself counts in the last slot
            sum += first;
        }
        assertThat(perSlot.values()).as("ten 100 ms slots, each near a tenth").allSatisfy(count ->
                assertThat(count).isBetween(nodes / 20, nodes * 3 / 20));
        assertThat(sum / nodes).isBetween(450L, 550L);

        long maxSecond = backoffs.stream().mapToLong(Backoff::nextDelayMillis).max().orElseThrow();
        assertThat(maxSecond).isBetween(1_000L, 2_000L);
        for (int attempt = 0; attempt < 20; attempt++) {
            backoffs.forEach(Backoff::nextDelayMillis);
        }
        long maxLate = backoffs.stream().mapToLong(Backoff::nextDelayMillis).max().orElseThrow();
        assertThat(maxLate).isBetween(50_000L, 60_000L);
    }

    private static Message cloudMessage(String operation, String resource, JsonNode content) {
        return Message.create("edgecontroller", Groups.RESOURCE, resource, operation, content);
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
