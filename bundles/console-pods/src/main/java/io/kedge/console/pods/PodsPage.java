package io.kedge.console.pods;

import io.kedge.console.support.LiveTablePage;
import java.util.List;

/** The Pods page inside the console's frame: the runtime line and one row per container ({@link PodRows}). */
final class PodsPage {
    static final LiveTablePage PAGE = new LiveTablePage("kedge-pods", "runtime", PodRows.HEADERS);

    private PodsPage() {
    }

    /**
     * @param runtimeLine what the runtime line says
     * @param rows        {@link PodRows} cells
     * @param jsonUrl     where the page's script fetches fresh rows
     * @param scriptUrl   the script itself
     */
    static String html(String runtimeLine, List<List<String>> rows, String jsonUrl, String scriptUrl) {
        return PAGE.html(runtimeLine, rows, jsonUrl, "", scriptUrl);
    }
}
