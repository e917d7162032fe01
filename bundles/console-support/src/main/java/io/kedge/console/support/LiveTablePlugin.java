package io.kedge.console.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;

/**
 * A web console plugin showing a {@link LiveTablePage} at {@code /system/console/LABEL}: the page in
 * the console's frame, its rows at {@code LABEL/LABEL.json} and the shared script at
 * {@code LABEL/res/LABEL.js}. Only the console's logged-in administrator reaches any of them (the
 * console's own authentication runs first); answering them reads the subclass's {@link #snapshot}
 * and changes nothing.
 */
public abstract class LiveTablePlugin extends AbstractServlet {
    private static final long serialVersionUID = 1L;

    /** What the page shows now, taken once per request so the status line and the rows agree. */
    public record Snapshot(String statusLine, List<List<String>> rows) {
    }

    private final String label;
    private final transient LiveTablePage page;

    protected LiveTablePlugin(String label, LiveTablePage page) {
        this.label = label;
        this.page = page;
    }

    protected abstract Snapshot snapshot();

    /** The page's own HTML between the table and the script, e.g. a form; {@code pluginRoot} starts its URLs. */
    protected String afterTable(String pluginRoot) {
        return "";
    }

    /** The rows as JSON for the refresh, or the page's script; anything else the console renders in its frame. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (("/" + label + "/" + label + ".json").equals(request.getPathInfo())) {
            setNoCache(response);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Snapshot now = snapshot();
            response.getWriter().write(page.json(now.statusLine(), now.rows()));
        } else {
            spoolResource(request, response);
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String pluginRoot = root != null ? root.toString() : label;
        Snapshot now = snapshot();
        response.getWriter().write(page.html(now.statusLine(), now.rows(), pluginRoot + "/" + label + ".json",
                afterTable(pluginRoot), pluginRoot + "/res/" + label + ".js"));
    }

    /** {@code LABEL/res/LABEL.js} is the shared script; other resources as the console finds them. */
    @Override
    protected URL getResource(String path) {
        return ("/" + label + "/res/" + label + ".js").equals(path) ? LiveTablePage.SCRIPT : super.getResource(path);
    }
}
