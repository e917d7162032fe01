package io.kedge.console.devices;

import java.util.List;

/** The rows the page's script refreshes from: {@code {"status": "...", "rows": [["cell", ...], ...]}}. */
final class DevicesJson {
    private DevicesJson() {
    }

    static String of(String statusLine, List<List<String>> rows) {
        return DevicesPage.PAGE.json(statusLine, rows);
    }
}
