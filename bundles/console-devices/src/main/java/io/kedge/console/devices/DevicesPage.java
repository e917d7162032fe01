package io.kedge.console.devices;

import static org.owasp.encoder.Encode.forHtml;
import static org.owasp.encoder.Encode.forHtmlAttribute;

import java.util.List;

/**
 * The Devices page's HTML inside the console's frame. Every text is encoded for its context:
 * device names, states and twin values come from the cloud or from device mappers.
 */
final class DevicesPage {
    static final String TABLE_ID = "kedge-devices";
    static final String FORM_ID = "kedge-devices-desired";

    private DevicesPage() {
    }

    /**
     * @param statusLine what the line above the table says
     * @param rows       {@link DeviceRows} cells
     * @param jsonUrl    where the page's script fetches fresh rows
     * @param scriptUrl  the script itself
     * @param desiredUrl where the form posts a desired value
     * @param token      the {@link CsrfGuard} token the script sends with it
     */
    static String html(String statusLine, List<List<String>> rows, String jsonUrl, String scriptUrl, String desiredUrl,
            String token) {
        StringBuilder out = new StringBuilder();
        out.append("<p class=\"statline\" id=\"kedge-devices-status\">").append(forHtml(statusLine)).append("</p>\n");
        out.append("<table id=\"").append(TABLE_ID).append("\" class=\"nicetable\" data-json=\"")
                .append(forHtmlAttribute(jsonUrl)).append("\">\n<thead><tr>");
        for (String header : DeviceRows.HEADERS) {
            out.append("<th>").append(forHtml(header)).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (String cell : row) {
                out.append("<td>").append(forHtml(cell)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        out.append("<form id=\"").append(FORM_ID).append("\" data-action=\"").append(forHtmlAttribute(desiredUrl))
                .append("\" data-token=\"").append(forHtmlAttribute(token)).append("\">\n")
                .append("<p>Set a desired value (the cloud writes it to the Device):\n")
                .append("<input name=\"device\" placeholder=\"namespace/device\" required>\n")
                .append("<input name=\"property\" placeholder=\"property\" required>\n")
                .append("<input name=\"value\" placeholder=\"value\" required>\n")
                .append("<button type=\"submit\">Set desired</button>\n")
                .append("<span id=\"kedge-devices-result\"></span></p>\n</form>\n");
        out.append("<script src=\"").append(forHtmlAttribute(scriptUrl)).append("\"></script>\n");
        return out.toString();
    }
}
