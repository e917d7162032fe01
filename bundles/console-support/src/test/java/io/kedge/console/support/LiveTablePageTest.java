package io.kedge.console.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveTablePageTest {
    private final LiveTablePage page = new LiveTablePage("kedge-things", "state", List.of("Name", "Value"));

    @Test
    void theStatusLineStandsRightBeforeTheTableWithTheIdTheScriptDerivesItsFieldFrom() {
        String html = page.html("2 things", List.of(List.of("a", "1")), "things/things.json", "<form></form>\n",
                "things/res/things.js");

        assertThat(html).startsWith("<p class=\"statline\" id=\"kedge-things-state\">2 things</p>\n<table id=\"kedge-things\"")
                .contains("data-json=\"things/things.json\"", "<th>Name</th><th>Value</th>", "<tr><td>a</td><td>1</td></tr>")
                .endsWith("</table>\n<form></form>\n<script src=\"things/res/things.js\"></script>\n");
    }

    @Test
    void theJsonCarriesTheStatusUnderItsFieldAndTheSameRows() throws Exception {
        JsonNode json = new ObjectMapper().readTree(page.json("2 things", List.of(List.of("a", "1"), List.of("<b>", ""))));

        assertThat(json.path("state").asText()).isEqualTo("2 things");
        assertThat(json.path("rows").get(1).get(0).asText()).isEqualTo("<b>");
        assertThat(json.size()).isEqualTo(2);
    }

    @Test
    void theSharedScriptShipsWithThePackageAndWritesOnlyText() throws Exception {
        assertThat(LiveTablePage.SCRIPT).isNotNull();
        try (InputStream in = LiveTablePage.SCRIPT.openStream()) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script).contains("textContent", "'" + CsrfGuard.HEADER + "'").doesNotContain("innerHTML");
        }
    }
}
