package io.kedge.console;

import io.kedge.api.exec.NodeExecutors;
import java.io.IOException;
import java.util.Dictionary;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns loudly while the Felix web console accepts its built-in admin/admin login: whenever its
 * configuration changes, and once shortly after start (FileInstall delivers the node's
 * configuration files a moment after the framework starts, so an immediate check would cry wolf).
 */
@Component(service = ConfigurationListener.class, immediate = true)
public class ConsolePasswordGuard implements ConfigurationListener {
    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String DEFAULT_PASSWORD = "admin";
    /** The console's own stored form of "admin". */
    static final String DEFAULT_PASSWORD_HASH = "{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=";
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePasswordGuard.class);

    static final long FIRST_CHECK_DELAY_SECONDS = 10;

    private final ConfigurationAdmin configurationAdmin;
    private final ScheduledExecutorService timer;

    @Activate
    public ConsolePasswordGuard(@Reference ConfigurationAdmin configurationAdmin,
            @Reference(scope = ReferenceScope.PROTOTYPE_REQUIRED) NodeExecutors executors) {
        this(configurationAdmin, executors.newSerialExecutor("console-guard"));
    }

    ConsolePasswordGuard(ConfigurationAdmin configurationAdmin, ScheduledExecutorService timer) {
        this.configurationAdmin = configurationAdmin;
        this.timer = timer;
        timer.schedule(this::check, FIRST_CHECK_DELAY_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (CONSOLE_PID.equals(event.getPid())) {
            check();
        }
    }

    /** True when the console would accept the default password. */
    boolean usesDefaultPassword() {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + CONSOLE_PID + ")");
            Dictionary<String, Object> properties = found == null ? null : found[0].getProperties();
            Object password = properties == null ? null : properties.get("password");
            return password == null || DEFAULT_PASSWORD.equals(String.valueOf(password))
                    || DEFAULT_PASSWORD_HASH.equals(String.valueOf(password));
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("Cannot read the web console configuration", e);
            return true;
        }
    }

    private void check() {
        if (usesDefaultPassword()) {
            LOG.warn("**************************************************************************");
            LOG.warn("* The web console accepts the DEFAULT password admin/admin.              *");
            LOG.warn("* Set 'password' in {}.cfg *", CONSOLE_PID);
            LOG.warn("**************************************************************************");
        }
    }
}
