package io.kedge.console.mappers;

import static org.owasp.encoder.Encode.forHtml;
import static org.owasp.encoder.Encode.forHtmlAttribute;

import io.kedge.console.support.LiveTablePage;

/**
 * The Mappers page's own HTML below the table: the forms that upload a mapper jar and remove one.
 * The shared script posts them with the page's token. Every text is encoded for its context.
 */
final class MappersPage {
    static final LiveTablePage PAGE = new LiveTablePage("kedge-mappers", "status", MapperRows.HEADERS);
    static final String INSTALL_FORM_ID = "kedge-mappers-install";
    static final String REMOVE_FORM_ID = "kedge-mappers-remove";

    private MappersPage() {
    }

    /**
     * @param installUrl   where the jar is posted (as the request body)
     * @param removeUrl    where a removal is posted
     * @param token        the {@link io.kedge.console.support.CsrfGuard} token the script sends
     * @param deployFolder the folder changed, null when the node has none (then only a note)
     */
    static String forms(String installUrl, String removeUrl, String token, String deployFolder) {
        if (deployFolder == null) {
            return "<p id=\"kedge-mappers-note\">This node watches no deploy folder (felix.fileinstall.dir): mappers"
                    + " cannot be installed or removed from this page.</p>\n";
        }
        return new StringBuilder()
                .append("<form id=\"").append(INSTALL_FORM_ID).append("\" data-action=\"").append(forHtmlAttribute(installUrl))
                .append("\" data-token=\"").append(forHtmlAttribute(token)).append("\">\n")
                .append("<p>Install or update a mapper bundle (a jar of at most ")
                .append(MappersPlugin.MAX_JAR_BYTES / (1024 * 1024)).append(" MiB):\n")
                .append("<input type=\"file\" name=\"jar\" accept=\".jar\" required>\n")
                .append("<button type=\"submit\">Install or update</button>\n")
                .append("<span id=\"kedge-mappers-install-result\"></span></p>\n</form>\n")
                .append("<form id=\"").append(REMOVE_FORM_ID).append("\" data-action=\"").append(forHtmlAttribute(removeUrl))
                .append("\" data-token=\"").append(forHtmlAttribute(token)).append("\">\n")
                .append("<p>Remove a mapper bundle:\n")
                .append("<input name=\"bundle\" placeholder=\"bundle symbolic name\" required>\n")
                .append("<button type=\"submit\">Remove</button>\n")
                .append("<span id=\"kedge-mappers-remove-result\"></span></p>\n</form>\n")
                .append("<p id=\"kedge-mappers-note\">Only bundles installed from the deploy folder ")
                .append(forHtml(deployFolder))
                .append(" are updated or removed here; mappers the cloud deployed (kedge-mapper:...) are shown but changed"
                        + " through their Mapper resource.</p>\n")
                .toString();
    }
}
