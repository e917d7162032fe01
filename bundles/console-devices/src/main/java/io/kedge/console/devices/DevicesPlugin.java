package io.kedge.console.devices;

import io.kedge.api.devices.DesiredValues;
import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.NodeDevices;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The web console's "Devices" page ({@code /system/console/devices}): the node's devices with their
 * state and each twin's desired and reported value and when it was set, refreshed every few seconds
 * by a script that reads {@code devices/devices.json}. Only the console's logged-in administrator
 * reaches it (the console's own authentication runs first); reading {@link NodeDevices} changes
 * nothing. While DeviceTwin is not running the page says so.
 *
 * <p>{@code POST devices/desired} ({@code device}, {@code property}, {@code value} as form fields)
 * asks the cloud to set a desired value ({@link DesiredValues}): sent by the page's own script, with
 * the console's credentials and the page's {@link CsrfGuard} token; it touches nothing on the node
 * (the cloud writes the Device's spec and the value comes back down with it). Answers 202 when the
 * node's outbox holds the request, 400 with the reason for an unknown device or property or a bad
 * value, 403 without the token or from another origin, 503 while DeviceTwin or the outbox is away.
 */
@Component(service = Servlet.class, property = {
    ServletConstants.PLUGIN_LABEL + "=" + DevicesPlugin.LABEL,
    ServletConstants.PLUGIN_TITLE + "=Devices",
    ServletConstants.PLUGIN_CATEGORY + "=Kedge"
})
public class DevicesPlugin extends AbstractServlet {
    static final String LABEL = "devices";
    static final String JSON = "devices.json";
    static final String DESIRED = "desired";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile NodeDevices devices;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile DesiredValues desiredValues;

    private final transient CsrfGuard csrf = new CsrfGuard();

    /** The rows as JSON for the refresh, or the page's script; anything else the console renders in its frame. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (("/" + LABEL + "/" + JSON).equals(request.getPathInfo())) {
            setNoCache(response);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            List<DeviceSummary> current = current();
            response.getWriter().write(DevicesJson.of(statusLine(current), rows(current)));
        } else {
            spoolResource(request, response);
        }
    }

    /** A desired value for the cloud to set; see the class comment for who may send it. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!("/" + LABEL + "/" + DESIRED).equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String ownOrigin = request.getScheme() + "://" + request.getHeader("Host");
        if (!csrf.allows(request.getHeader(CsrfGuard.HEADER), request.getHeader("Origin"), ownOrigin)) {
            answer(response, HttpServletResponse.SC_FORBIDDEN, "refused: not sent by this console's page");
            return;
        }
        DesiredValues target = desiredValues;
        if (target == null) {
            answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "DeviceTwin is not running");
            return;
        }
        String device = request.getParameter("device");
        String property = request.getParameter("property");
        String value = request.getParameter("value");
        try {
            target.request(device == null ? "" : device, property == null ? "" : property, value == null ? "" : value)
                    .get(10, TimeUnit.SECONDS);
            answer(response, HttpServletResponse.SC_ACCEPTED, "requested " + property + " = " + value + " of " + device
                    + " from the cloud");
        } catch (IllegalArgumentException e) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (ExecutionException | TimeoutException e) {
            answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "not kept for the cloud: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    /** Plain text the script shows with textContent; nosniff so no browser takes it for HTML. */
    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(text);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String pluginRoot = root != null ? root.toString() : LABEL;
        List<DeviceSummary> current = current();
        response.getWriter().write(DevicesPage.html(statusLine(current), rows(current),
                pluginRoot + "/" + JSON, pluginRoot + "/res/devices.js", pluginRoot + "/" + DESIRED, csrf.token()));
    }

    /** The devices now, or null while DeviceTwin is not running. */
    private List<DeviceSummary> current() {
        NodeDevices view = devices;
        return view == null ? null : view.devices();
    }

    private static List<List<String>> rows(List<DeviceSummary> devices) {
        return devices == null ? List.of() : DeviceRows.of(devices);
    }

    private static String statusLine(List<DeviceSummary> devices) {
        if (devices == null) {
            return "DeviceTwin is not running: no devices to show";
        }
        return devices.size() == 1 ? "1 device" : devices.size() + " devices";
    }
}
