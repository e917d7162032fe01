package io.kedge.console.pods;

import java.util.List;

/** The rows the page's script refreshes from: {@code {"runtime": "...", "rows": [["cell", ...], ...]}}. */
final class PodsJson {
    private PodsJson() {
    }

    static String of(String runtimeLine, List<List<String>> rows) {
        return PodsPage.PAGE.json(runtimeLine, rows);
    }
}
