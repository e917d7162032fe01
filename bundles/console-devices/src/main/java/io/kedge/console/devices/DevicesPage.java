package io.kedge.console.devices;

import static org.owasp.encoder.Encode.forHtmlAttribute;

import io.kedge.console.support.LiveTablePage;
import java.util.List;

/**
 * The Devices page inside the console's frame: the status line, one row per twin ({@link DeviceRows})
 * and the form that sets a desired value. Every text is encoded for its context.
 */
final class DevicesPage {
    static final LiveTablePage PAGE = new LiveTablePage("kedge-devices", "status", DeviceRows.HEADERS);
    static final String FORM_ID = "kedge-devices-desired";

    private DevicesPage() {
    }

    /**
     * @param statusLine what the line above the table says
     * @param rows       {@link DeviceRows} cells
     * @param jsonUrl    where the page's script fetches fresh rows
     * @param scriptUrl  the script itself
     * @param desiredUrl where the form posts a desired value
     * @param token      the {@link io.kedge.console.support.CsrfGuard} token the script sends with it
     */
    static String html(String statusLine, List<List<String>> rows, String jsonUrl, String scriptUrl, String desiredUrl,
            String token) {
        return PAGE.html(statusLine, rows, jsonUrl, form(desiredUrl, token), scriptUrl);
    }

    /** The shared script posts it to {@code desiredUrl} with {@code token} and shows the answer in its span. */
    static String form(String desiredUrl, String token) {
        return new StringBuilder()
                .append("<form id=\"").append(FORM_ID).append("\" data-action=\"").append(forHtmlAttribute(desiredUrl))
                .append("\" data-token=\"").append(forHtmlAttribute(token)).append("\">\n")
                .append("<p>Set a desired value (the cloud writes it to the Device):\n")
                .append("<input name=\"device\" placeholder=\"namespace/device\" required>\n")
                .append("<input name=\"property\" placeholder=\"property\" required>\n")
                .append("<input name=\"value\" placeholder=\"value\" required>\n")
                .append("<button type=\"submit\">Set desired</button>\n")
                .append("<span id=\"kedge-devices-result\"></span></p>\n</form>\n")
                .toString();
    }
}
