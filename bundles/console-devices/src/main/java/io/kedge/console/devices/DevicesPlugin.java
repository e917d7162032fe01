package io.kedge.console.devices;

import io.kedge.api.devices.DesiredValues;
import io.kedge.api.devices.DeviceSummary;
import io.kedge.api.devices.NodeDevices;
import io.kedge.console.support.CsrfGuard;
import io.kedge.console.support.ConsolePage;
import io.kedge.console.support.LiveTablePlugin;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
@Component(service = Servlet.class)
@ConsolePage(label = DevicesPlugin.LABEL, title = "Devices")
public class DevicesPlugin extends LiveTablePlugin {
    static final String LABEL = "devices";
    static final String DESIRED = "desired";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile NodeDevices devices;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile DesiredValues desiredValues;

    private final transient CsrfGuard csrf = new CsrfGuard();

    public DevicesPlugin() {
        super(LABEL, DevicesPage.PAGE);
    }

    /** A desired value for the cloud to set; see the class comment for who may send it. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!("/" + LABEL + "/" + DESIRED).equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!csrf.allows(request)) {
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
    protected Snapshot snapshot() {
        NodeDevices view = devices;
        if (view == null) {
            return new Snapshot("DeviceTwin is not running: no devices to show", List.of());
        }
        List<DeviceSummary> now = view.devices();
        return new Snapshot(now.size() == 1 ? "1 device" : now.size() + " devices", DeviceRows.of(now));
    }

    @Override
    protected String afterTable(String pluginRoot) {
        return DevicesPage.form(pluginRoot + "/" + DESIRED, csrf.token());
    }
}
