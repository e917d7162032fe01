package io.kedge.cloud.edgecontroller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeConditionsTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00.123Z");

    @Test
    void unchangedStatusKeepsTheStoredTransitionTime() {
        List<NodeCondition> merged = NodeConditions.merge(
                List.of(condition("Ready", "True", "2025-01-01T00:00:00Z")),
                List.of(condition("Ready", "True", "2025-05-01T00:00:00Z")), NOW);
        assertThat(merged.get(0).getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void changedStatusTransitionsNow() {
        List<NodeCondition> merged = NodeConditions.merge(
                List.of(condition("Ready", "Unknown", "2025-01-01T00:00:00Z")),
                List.of(condition("Ready", "True", "2020-01-01T00:00:00Z")), NOW);
        assertThat(merged.get(0).getLastTransitionTime()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(merged.get(0).getStatus()).isEqualTo("True");
    }

    @Test
    void aNewConditionKeepsWhatTheEdgeSaid() {
        List<NodeCondition> merged = NodeConditions.merge(List.of(),
                List.of(condition("DiskPressure", "False", "2025-05-01T00:00:00Z"),
                        condition("Ready", "True", null)), NOW);
        assertThat(merged).extracting(NodeCondition::getLastTransitionTime)
                .containsExactly("2025-05-01T00:00:00Z", "2025-06-01T12:00:00Z");
    }

    @Test
    void theHeartbeatIsWhenTheCloudReceivedTheReportWhateverTheNodeSays() {
        NodeCondition future = condition("Ready", "True", null);
        future.setLastHeartbeatTime("2100-01-01T00:00:00Z");
        List<NodeCondition> merged = NodeConditions.merge(List.of(), List.of(future), NOW);
        assertThat(merged.get(0).getLastHeartbeatTime()).isEqualTo("2025-06-01T12:00:00Z");
    }

    @Test
    void aNewConditionDatedInTheFutureOrGarbledTransitionsNow() {
        List<NodeCondition> merged = NodeConditions.merge(List.of(),
                List.of(condition("Ready", "True", "2100-01-01T00:00:00Z"), condition("DiskPressure", "False", "soon")),
                NOW);
        assertThat(merged).extracting(NodeCondition::getLastTransitionTime)
                .containsExactly("2025-06-01T12:00:00Z", "2025-06-01T12:00:00Z");
    }

    private static NodeCondition condition(String type, String status, String since) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since).build();
    }
}
