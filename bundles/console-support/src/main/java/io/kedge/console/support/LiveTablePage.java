package io.kedge.console.support;

import static org.owasp.encoder.Encode.forHtml;
import static org.owasp.encoder.Encode.forHtmlAttribute;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URL;
import java.util.List;

/**
 * A console page of one table that refreshes itself: a status line, the table, and a script that
 * reloads both from JSON every few seconds. The page and the JSON are written from the same rows,
 * so they cannot disagree. Every text is encoded for its context: names and values come from the
 * cloud, from pods and from device mappers.
 *
 * <p>The shared {@link #SCRIPT} finds its way by two rules this class keeps: the status line is the
 * element right before the table, and its id is the table's id, {@code -}, and the JSON field it shows.
 */
public final class LiveTablePage {
    /** The one script of every live table page (refresh, and posting a form with the page's token). */
    public static final URL SCRIPT = LiveTablePage.class.getResource("live-table.js");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tableId;
    private final String statusField;
    private final List<String> headers;

    /**
     * @param tableId     the table's HTML id
     * @param statusField the JSON field of the status line
     * @param headers     the column titles
     */
    public LiveTablePage(String tableId, String statusField, List<String> headers) {
        this.tableId = tableId;
        this.statusField = statusField;
        this.headers = List.copyOf(headers);
    }

    public String tableId() {
        return tableId;
    }

    /**
     * @param statusLine what the line above the table says
     * @param rows       the cells, raw text
     * @param jsonUrl    where the script fetches fresh rows ({@link #json})
     * @param afterTable the page's own HTML between table and script (already encoded), or empty
     * @param scriptUrl  where {@link #SCRIPT} is served
     */
    public String html(String statusLine, List<List<String>> rows, String jsonUrl, String afterTable, String scriptUrl) {
        StringBuilder out = new StringBuilder();
        out.append("<p class=\"statline\" id=\"").append(tableId).append('-').append(statusField).append("\">")
                .append(forHtml(statusLine)).append("</p>\n");
        out.append("<table id=\"").append(tableId).append("\" class=\"nicetable\" data-json=\"")
                .append(forHtmlAttribute(jsonUrl)).append("\">\n<thead><tr>");
        for (String header : headers) {
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
        out.append(afterTable);
        out.append("<script src=\"").append(forHtmlAttribute(scriptUrl)).append("\"></script>\n");
        return out.toString();
    }

    /** What the script refreshes from: {@code {"<status field>": "...", "rows": [["cell", ...], ...]}}. */
    public String json(String statusLine, List<List<String>> rows) {
        ObjectNode root = JSON.createObjectNode().put(statusField, statusLine);
        ArrayNode out = root.putArray("rows");
        for (List<String> row : rows) {
            ArrayNode cells = out.addArray();
            row.forEach(cells::add);
        }
        return root.toString();
    }
}
