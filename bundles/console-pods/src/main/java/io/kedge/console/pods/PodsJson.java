package io.kedge.console.pods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The rows the page's script refreshes from: {@code {"runtime": "...", "rows": [["cell", ...], ...]}}. */
final class PodsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PodsJson() {
    }

    static String of(String runtimeLine, List<List<String>> rows) {
        ObjectNode root = JSON.createObjectNode().put("runtime", runtimeLine);
        ArrayNode out = root.putArray("rows");
        for (List<String> row : rows) {
            ArrayNode cells = out.addArray();
            row.forEach(cells::add);
        }
        return root.toString();
    }
}
