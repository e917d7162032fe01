package io.kedge.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.TwinSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesPageTest {
    private static final String HOSTILE = "x\"><script>alert(1)</script><img src=y onerror=alert(2)>'&";

    private static final DeviceSummary THERMO = new DeviceSummary("default/thermo", "thermo", "online",
            "2026-12-03T14:00:00Z", List.of(
                    new TwinSummary("mode", "string", "auto", 1_000, "", 0),
                    new TwinSummary("temperature", "int", "21", 1_000, "19", 61_000)));

    @Test
    void rowsShowEachTwinsDesiredAndReportedValueWithTheirTimesAndTheDeviceOnItsFirstRow() {
        List<List<String>> rows = DeviceRows.of(List.of(THERMO,
                new DeviceSummary("iot/lamp", "lamp", "", "", List.of())));

        assertThat(rows).containsExactly(
                List.of("default/thermo", "online", "2026-12-03T14:00:00Z", "mode", "string", "auto",
                        "1970-01-01T00:00:01Z", "", ""),
                List.of("", "", "", "temperature", "int", "21", "1970-01-01T00:00:01Z", "19", "1970-01-01T00:01:01Z"),
                List.of("iot/lamp", "", "", "", "", "", "", "", ""));
    }

    @Test
    void aHostileNameOrValueIsShownAsTextAndNeverAsMarkup() {
        DeviceSummary hostile = new DeviceSummary(HOSTILE, HOSTILE, HOSTILE, HOSTILE, List.of(
                new TwinSummary(HOSTILE, HOSTILE, HOSTILE, 1, HOSTILE, 1)));

        String html = DevicesPage.html(HOSTILE, DeviceRows.of(List.of(hostile)), HOSTILE, HOSTILE, HOSTILE, HOSTILE);

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img")
                .contains("<td>x&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=y onerror=alert(2)&gt;&#39;&amp;</td>")
                .contains("data-json=\"x&#34;>&lt;script>").contains("data-token=\"x&#34;>&lt;script>");
        assertThat(html).doesNotContainPattern("<(?!/?(p|table|thead|tbody|tr|th|td|script|form|input|button|span)[ >])");
        assertThat(html.split("\"", -1)).as("quotes balance: no attribute was closed by a value").hasSize(2 * 17 + 1);
    }

    @Test
    void theRefreshCarriesTheSameRowsAsData() throws Exception {
        DeviceSummary hostile = new DeviceSummary("default/" + HOSTILE, HOSTILE, "", "", List.of());

        JsonNode json = new ObjectMapper().readTree(DevicesJson.of("2 devices", DeviceRows.of(List.of(THERMO, hostile))));

        assertThat(json.path("status").asText()).isEqualTo("2 devices");
        assertThat(json.path("rows")).hasSize(3);
        assertThat(json.path("rows").get(1).get(7).asText()).isEqualTo("19");
        assertThat(json.path("rows").get(2).get(0).asText()).isEqualTo("default/" + HOSTILE);
    }
}
