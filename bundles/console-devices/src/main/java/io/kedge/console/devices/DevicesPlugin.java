package io.kedge.console.devices;

import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.NodeDevices;
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
 * The web console's "Devices" page ({@code /system/console/devices}): the node's devices with their
 * state and each twin's desired and reported value and when it was set, refreshed every few seconds
 * by a script that reads {@code devices/devices.json}. Only the console's logged-in administrator
 * reaches it (the console's own authentication runs first); reading {@link NodeDevices} changes
 * nothing. While DeviceTwin is not running the page says so.
 */
@Component(service = Servlet.class, property = {
    ServletConstants.PLUGIN_LABEL + "=" + DevicesPlugin.LABEL,
    ServletConstants.PLUGIN_TITLE + "=Devices",
    ServletConstants.PLUGIN_CATEGORY + "=Kedge"
})
public class DevicesPlugin extends AbstractServlet {
    static final String LABEL = "devices";
    static final String JSON = "devices.json";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile NodeDevices devices;

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

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String pluginRoot = root != null ? root.toString() : LABEL;
        List<DeviceSummary> current = current();
        response.getWriter().write(DevicesPage.html(statusLine(current), rows(current),
                pluginRoot + "/" + JSON, pluginRoot + "/res/devices.js"));
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
