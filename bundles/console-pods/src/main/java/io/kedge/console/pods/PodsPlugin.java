package io.kedge.console.pods;

import io.kedge.api.pods.NodePods;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The web console's "Pods" page ({@code /system/console/pods}): the node's pods with each
 * container's state, readiness, restarts and last state, refreshed every few seconds by a script
 * that reads {@code pods/pods.json}. Only the console's logged-in administrator reaches it (the
 * console's own authentication runs first); it only reads {@link NodePods} and changes nothing.
 * While Edged is not running the page says so.
 */
@Component(service = Servlet.class, property = {
    ServletConstants.PLUGIN_LABEL + "=" + PodsPlugin.LABEL,
    ServletConstants.PLUGIN_TITLE + "=Pods",
    ServletConstants.PLUGIN_CATEGORY + "=Kedge"
})
public class PodsPlugin extends AbstractServlet {
    static final String LABEL = "pods";
    static final String JSON = "pods.json";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile NodePods pods;

    /** The rows as JSON for the refresh, or the page's script; anything else the console renders in its frame. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (("/" + LABEL + "/" + JSON).equals(request.getPathInfo())) {
            setNoCache(response);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(PodsJson.of(runtimeLine(), rows()));
        } else {
            spoolResource(request, response);
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String pluginRoot = root != null ? root.toString() : LABEL;
        response.getWriter().write(PodsPage.html(runtimeLine(), rows(), pluginRoot + "/" + JSON,
                pluginRoot + "/res/pods.js"));
    }

    private String runtimeLine() {
        NodePods current = pods;
        return current == null ? "Edged is not running: no pods to show" : PodRows.runtimeLine(current);
    }

    private List<List<String>> rows() {
        NodePods current = pods;
        return current == null ? List.of() : PodRows.of(current.pods());
    }
}
