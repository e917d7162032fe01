package io.kedge.console;

import java.io.IOException;
import java.util.Dictionary;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns loudly while the Felix web console accepts its built-in admin/admin login, at start and
 * whenever its configuration changes.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public class ConsolePasswordGuard implements ConfigurationListener {
    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String DEFAULT_PASSWORD = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePasswordGuard.class);

    private final ConfigurationAdmin configurationAdmin;

    @Activate
    public ConsolePasswordGuard(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        check();
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
            return password == null || DEFAULT_PASSWORD.equals(String.valueOf(password));
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
