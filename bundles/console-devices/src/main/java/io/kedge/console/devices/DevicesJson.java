package io.kedge.console.devices;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The rows the page's script refreshes from: {@code {"status": "...", "rows": [["cell", ...], ...]}}. */
final class DevicesJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DevicesJson() {
    }

    static String of(String statusLine, List<List<String>> rows) {
        ObjectNode root = JSON.createObjectNode().put("status", statusLine);
        ArrayNode out = root.putArray("rows");
        for (List<String> row : rows) {
            ArrayNode cells = out.addArray();
            row.forEach(cells::add);
        }
        return root.toString();
    }
}
