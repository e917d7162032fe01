package io.kedge.console.pods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.api.pods.ContainerSummary;
import io.kedge.api.pods.PodSummary;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PodsPageTest {
    private static final String HOSTILE = "x\"><script>alert(1)</script><img src=y onerror=alert(2)>'&";

    private static final PodSummary WEB = new PodSummary("default", "web", "Running", "", "10.88.0.4", List.of(
            new ContainerSummary("app", "running", "", true, 2, "Error", OptionalInt.of(137)),
            new ContainerSummary("side", "waiting", "CrashLoopBackOff", false, 5, "", OptionalInt.empty())));

    @Test
    void rowsShowPhaseIpAndEachContainersStateReadinessRestartsAndLastState() {
        List<List<String>> rows = PodRows.of(List.of(WEB,
                new PodSummary("iot", "gw", "Pending", "RuntimeUnavailable", "", List.of())));

        assertThat(rows).containsExactly(
                List.of("default/web", "Running", "10.88.0.4", "app", "running", "yes", "2", "Error, exit code 137"),
                List.of("", "", "", "side", "waiting (CrashLoopBackOff)", "no", "5", ""),
                List.of("iot/gw", "Pending (RuntimeUnavailable)", "", "", "", "", "", ""));
    }

    @Test
    void aHostileNameIsShownAsTextAndNeverAsMarkup() {
        PodSummary hostile = new PodSummary(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, List.of(
                new ContainerSummary(HOSTILE, HOSTILE, HOSTILE, false, 0, HOSTILE, OptionalInt.empty())));

        String html = PodsPage.html(HOSTILE, PodRows.of(List.of(hostile)), HOSTILE, HOSTILE);

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img")
                .contains("<td>x&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=y onerror=alert(2)&gt;&#39;&amp;</td>")
                .contains("data-json=\"x&#34;>&lt;script>");
        // every tag is one of the page's own: the name opened none, and closed no attribute early
        assertThat(html).doesNotContainPattern("<(?!/?(p|table|thead|tbody|tr|th|td|script)[ >])");
        assertThat(html.split("\"", -1)).as("quotes balance: no attribute was closed by the name").hasSize(2 * 6 + 1);
    }

    @Test
    void theRefreshCarriesTheSameRowsAsData() throws Exception {
        PodSummary hostile = new PodSummary("default", HOSTILE, "Running", "", "", List.of());

        JsonNode json = new ObjectMapper().readTree(PodsJson.of("Runtime: process", PodRows.of(List.of(WEB, hostile))));

        assertThat(json.path("runtime").asText()).isEqualTo("Runtime: process");
        assertThat(json.path("rows")).hasSize(3);
        assertThat(json.path("rows").get(0).get(7).asText()).isEqualTo("Error, exit code 137");
        assertThat(json.path("rows").get(2).get(0).asText()).isEqualTo("default/" + HOSTILE);
    }
}
