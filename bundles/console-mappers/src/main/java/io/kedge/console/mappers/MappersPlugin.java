package io.kedge.console.mappers;

import io.kedge.api.devices.MapperSummary;
import io.kedge.api.devices.NodeMappers;
import io.kedge.console.support.ConsolePage;
import io.kedge.console.support.CsrfGuard;
import io.kedge.console.support.LiveTablePlugin;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The web console's "Mappers" page ({@code /system/console/mappers}): the node's device mappers
 * with their bundle, version, health and the devices each serves, and the devices no mapper serves,
 * refreshed every few seconds from {@code mappers/mappers.json} (read from DMI's {@link NodeMappers}).
 * Only the console's logged-in administrator reaches it (the console's own authentication runs first).
 *
 * <p>Two changes, each sent by the page's own script with the console's credentials and the page's
 * {@link CsrfGuard} token (403 without it or from another origin), and touching only files of the
 * node's deploy folder (FileInstall then installs, updates or uninstalls the bundle):
 * <ul>
 * <li>{@code POST mappers/install}, the jar as the request body (at most {@link #MAX_JAR_BYTES}, else 413):
 * an OSGi bundle declaring a device mapper, written as {@code SYMBOLICNAME.jar}, or replacing the file of
 * the installed bundle of that name; 400 for anything else, 409 when that bundle came from elsewhere;</li>
 * <li>{@code POST mappers/remove} ({@code bundle}: a symbolic name as a form field): deletes the file of
 * a bundle installed from the deploy folder; 409 for a bundle from elsewhere, 404 for none.</li>
 * </ul>
 * 503 when the node watches no deploy folder.
 */
@Component(service = Servlet.class)
@ConsolePage(label = MappersPlugin.LABEL, title = "Mappers")
public class MappersPlugin extends LiveTablePlugin {
    static final String LABEL = "mappers";
    static final String INSTALL = "install";
    static final String REMOVE = "remove";
    static final int MAX_JAR_BYTES = 8 * 1024 * 1024;
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile NodeMappers mappers;

    private final transient CsrfGuard csrf = new CsrfGuard();
    private final transient Function<String, Optional<String>> locationOf;
    /** Null when the node watches no deploy folder. */
    private final transient MapperActions actions;

    @Activate
    public MappersPlugin(BundleContext context) {
        this(DeployFolder.fromWatched(context.getProperty(DeployFolder.WATCHED)).orElse(null),
                name -> Arrays.stream(context.getBundles()).filter(bundle -> name.equals(bundle.getSymbolicName()))
                        .map(Bundle::getLocation).findFirst());
    }

    MappersPlugin(DeployFolder deploy, Function<String, Optional<String>> locationOf) {
        super(LABEL, MappersPage.PAGE);
        this.locationOf = locationOf;
        this.actions = deploy == null ? null : new MapperActions(deploy, locationOf);
    }

    /** Sets the view in tests; DS sets the field itself. */
    void setMappers(NodeMappers mappers) {
        this.mappers = mappers;
    }

    /** An install, update or removal; see the class comment for who may send it and what it touches. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        boolean install = ("/" + LABEL + "/" + INSTALL).equals(path);
        if (!install && !("/" + LABEL + "/" + REMOVE).equals(path)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!csrf.allows(request)) {
            answer(response, new MapperActions.Answer(403, "refused: not sent by this console's page"));
            return;
        }
        if (actions == null) {
            answer(response, new MapperActions.Answer(503, "this node watches no deploy folder: nothing to change"));
            return;
        }
        if (!install) {
            answer(response, actions.remove(request.getParameter("bundle")));
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > MAX_JAR_BYTES) {
            answer(response, tooLarge());
            return;
        }
        byte[] jar;
        try (InputStream in = request.getInputStream()) {
            jar = in.readNBytes(MAX_JAR_BYTES + 1);
        }
        if (jar.length > MAX_JAR_BYTES) {
            answer(response, tooLarge());
        } else if (jar.length == 0) {
            answer(response, new MapperActions.Answer(400, "refused: no jar sent (the request body was empty)"));
        } else {
            answer(response, actions.install(jar));
        }
    }

    private static MapperActions.Answer tooLarge() {
        return new MapperActions.Answer(413, "refused, nothing changed: a mapper jar may have at most "
                + MAX_JAR_BYTES + " bytes");
    }

    /** Plain text the script shows with textContent; nosniff so no browser takes it for HTML. */
    private static void answer(HttpServletResponse response, MapperActions.Answer answer) throws IOException {
        response.setStatus(answer.status());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(answer.text());
    }

    @Override
    protected Snapshot snapshot() {
        NodeMappers view = mappers;
        if (view == null) {
            return new Snapshot("DMI is not running: no mappers to show", List.of());
        }
        List<MapperSummary> now = view.mappers();
        var unbound = view.unboundDevices();
        int devices = now.stream().mapToInt(mapper -> mapper.devices().size()).sum();
        String status = count(now.size(), "mapper") + ", " + count(devices, "device") + " bound, "
                + unbound.size() + " without a mapper";
        return new Snapshot(status, MapperRows.of(now, unbound, mapper -> source(mapper.bundle())));
    }

    private String source(String symbolicName) {
        if (actions != null) {
            return actions.source(symbolicName);
        }
        return locationOf.apply(symbolicName).orElse("");
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    @Override
    protected String afterTable(String pluginRoot) {
        return MappersPage.forms(pluginRoot + "/" + INSTALL, pluginRoot + "/" + REMOVE, csrf.token(),
                actions == null ? null : actions.deployFolder().toString());
    }
}
