package io.kedge.console.pods;

import static org.owasp.encoder.Encode.forHtml;
import static org.owasp.encoder.Encode.forHtmlAttribute;

import java.util.List;

/**
 * The Pods page's HTML inside the console's frame. Every text is encoded for its context: pod,
 * container and namespace names, reasons and IPs come from the cloud or the pods.
 */
final class PodsPage {
    static final String TABLE_ID = "kedge-pods";

    private PodsPage() {
    }

    /**
     * @param runtimeLine what the runtime line says
     * @param rows        {@link PodRows} cells
     * @param jsonUrl     where the page's script fetches fresh rows
     * @param scriptUrl   the script itself
     */
    static String html(String runtimeLine, List<List<String>> rows, String jsonUrl, String scriptUrl) {
        StringBuilder out = new StringBuilder();
        out.append("<p class=\"statline\" id=\"kedge-pods-runtime\">").append(forHtml(runtimeLine)).append("</p>\n");
        out.append("<table id=\"").append(TABLE_ID).append("\" class=\"nicetable\" data-json=\"")
                .append(forHtmlAttribute(jsonUrl)).append("\">\n<thead><tr>");
        for (String header : PodRows.HEADERS) {
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
        out.append("<script src=\"").append(forHtmlAttribute(scriptUrl)).append("\"></script>\n");
        return out.toString();
    }
}
