package io.kedge.cloud.mappercontroller;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.cloud.mappercontroller.MapperStatus.NodeStatus;
import io.kedge.protocol.mapper.MapperBundle;
import io.kedge.protocol.mapper.MapperBundleResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MapperRolloutTest {
    private static final byte[] JAR = {1, 2, 3};
    private static final MapperBundle BUNDLE = MapperBundle.of("modbus", "1.0.0", 1, JAR);
    private static final MapperSpec SPEC = spec(BUNDLE.sha256(), 2);
    private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");
    private static final Duration RESEND = Duration.ofSeconds(90);

    private final Instant now = Instant.parse("2026-12-03T19:00:00Z");
    private final Map<String, MapperBundleResult> answers = new HashMap<>();

    @Test
    void sendsBatchByBatchOnlyAfterThePreviousBatchInstalled() {
        MapperRollout.Step first = step(MapperStatus.EMPTY, now);
        assertThat(first.send()).containsExactly("n1", "n2");
        assertThat(first.status().phase()).isEqualTo(MapperStatus.ROLLING_OUT);

        answers.put("n1", MapperBundleResult.installed(BUNDLE));
        MapperRollout.Step waiting = step(first.status(), now.plusSeconds(1));
        assertThat(waiting.send()).as("n2 has not answered yet").isEmpty();
        assertThat(state(waiting, "n1")).isEqualTo(NodeStatus.INSTALLED);

        answers.put("n2", MapperBundleResult.installed(BUNDLE));
        MapperRollout.Step second = step(waiting.status(), now.plusSeconds(2));
        assertThat(second.send()).containsExactly("n3", "n4");

        answers.put("n3", MapperBundleResult.installed(BUNDLE));
        answers.put("n4", MapperBundleResult.installed(BUNDLE));
        MapperRollout.Step third = step(second.status(), now.plusSeconds(3));
        assertThat(third.send()).containsExactly("n5");

        answers.put("n5", MapperBundleResult.installed(BUNDLE));
        MapperRollout.Step done = step(third.status(), now.plusSeconds(4));
        assertThat(done.send()).isEmpty();
        assertThat(done.status().phase()).isEqualTo(MapperStatus.COMPLETE);
        assertThat(done.status().message()).isEqualTo("5 of 5 nodes installed 1.0.0");
        assertThat(step(done.status(), now.plusSeconds(5)).status()).as("nothing changes: no status write")
                .isEqualTo(done.status());
    }

    @Test
    void theFirstFailureStopsTheRolloutWithItsReason() {
        MapperRollout.Step first = step(MapperStatus.EMPTY, now);
        answers.put("n1", MapperBundleResult.installed(BUNDLE));
        answers.put("n2", MapperBundleResult.failed(BUNDLE, "unresolvable: com.example.missing; rolled back to 0.9.0"));

        MapperRollout.Step stopped = step(first.status(), now.plusSeconds(1));

        assertThat(stopped.send()).isEmpty();
        assertThat(stopped.status().phase()).isEqualTo(MapperStatus.FAILED);
        assertThat(stopped.status().message()).isEqualTo(
                "rollout stopped: node n2 failed: unresolvable: com.example.missing; rolled back to 0.9.0");
        assertThat(step(stopped.status(), now.plus(RESEND).plusSeconds(60)).send()).isEmpty();
    }

    @Test
    void aNewDigestStartsEveryNodeOverAndOldAnswersDoNotCount() {
        MapperRollout.Step first = step(MapperStatus.EMPTY, now);
        answers.put("n1", MapperBundleResult.failed(BUNDLE, "boom"));
        MapperStatus failed = step(first.status(), now).status();

        MapperBundle fixed = MapperBundle.of("modbus", "1.0.1", 2, new byte[] {4, 5});
        MapperRollout.Step restarted = MapperRollout.step(spec(fixed.sha256(), 2), 2, NODES, node -> true, failed,
                answers, Optional.empty(), now.plusSeconds(10), RESEND);

        assertThat(restarted.send()).containsExactly("n1", "n2");
        assertThat(restarted.status().nodes()).allSatisfy(entry -> assertThat(entry.sha256()).isEqualTo(fixed.sha256()));
    }

    @Test
    void anUnansweredNodeIsSentAgainAfterTheWaitAndAnUnconnectedOneIsSkipped() {
        Set<String> connected = Set.of("n2", "n3");
        MapperRollout.Step first = MapperRollout.step(SPEC, 1, NODES, connected::contains, MapperStatus.EMPTY, answers,
                Optional.empty(), now, RESEND);
        assertThat(first.send()).containsExactly("n2", "n3");
        assertThat(state(first, "n1")).isEqualTo(MapperStatus.PENDING);

        assertThat(MapperRollout.step(SPEC, 1, NODES, connected::contains, first.status(), answers, Optional.empty(),
                now.plusSeconds(30), RESEND).send()).isEmpty();
        assertThat(MapperRollout.step(SPEC, 1, NODES, connected::contains, first.status(), answers, Optional.empty(),
                now.plus(RESEND).plusSeconds(1), RESEND).send()).containsExactly("n2", "n3");
    }

    @Test
    void aBundleTheCloudCannotSendFailsTheMapperAndSendsNothing() {
        MapperRollout.Step step = MapperRollout.step(SPEC, 1, NODES, node -> true, MapperStatus.EMPTY, answers,
                Optional.of("digest mismatch: ConfigMap ..."), now, RESEND);

        assertThat(step.send()).isEmpty();
        assertThat(step.status().phase()).isEqualTo(MapperStatus.FAILED);
        assertThat(step.status().message()).startsWith("digest mismatch");
    }

    private MapperRollout.Step step(MapperStatus previous, Instant at) {
        return MapperRollout.step(SPEC, 1, NODES, node -> true, previous, answers, Optional.empty(), at, RESEND);
    }

    private static String state(MapperRollout.Step step, String node) {
        return step.status().nodes().stream().filter(entry -> entry.node().equals(node)).findFirst().orElseThrow()
                .state();
    }

    static MapperSpec spec(String sha256, int batchSize) {
        return new MapperSpec(new MapperSpec.Bundle(new MapperSpec.ConfigMapKey("kedge", "modbus-jar", "mapper.jar")),
                sha256, "1.0.0", null, new MapperSpec.Rollout(batchSize));
    }
}
