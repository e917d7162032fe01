package io.kedge.edged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.edged.pod.PodSync;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodsCommandTest {
    @Test
    void showsPhaseReadyRestartsIpAndTheWaitingReason() throws Exception {
        ObjectNode running = (ObjectNode) new ObjectMapper().readTree("""
                {"phase":"Running","podIP":"10.88.0.4","containerStatuses":[
                  {"name":"a","ready":true,"restartCount":2,"state":{"running":{}}},
                  {"name":"b","ready":false,"restartCount":1,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}
                """);
        ObjectNode pending = (ObjectNode) new ObjectMapper().readTree("""
                {"phase":"Pending","reason":"RuntimeUnavailable","containerStatuses":[{"name":"a","restartCount":0}]}
                """);

        String table = PodsCommand.format(List.of(new PodSync.PodView("default", "web", running),
                new PodSync.PodView("iot", "gw", pending)));

        assertThat(table.lines().toList()).hasSize(3);
        assertThat(table.lines().toList().get(1)).contains("default/web").contains("Running").contains("1/2")
                .contains(" 3 ").contains("10.88.0.4").endsWith("CrashLoopBackOff");
        assertThat(table.lines().toList().get(2)).contains("iot/gw").contains("Pending").contains("0/1")
                .endsWith("RuntimeUnavailable");
    }
}
