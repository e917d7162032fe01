package io.kedge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class ConsolePasswordGuardTest {

    @Test
    void noConfigurationMeansTheDefaultPassword() {
        assertThat(guard(admin(null)).usesDefaultPassword()).isTrue();
    }

    @Test
    void theBuiltInPasswordIsFlagged() {
        assertThat(guard(admin(properties("admin"))).usesDefaultPassword()).isTrue();
        assertThat(guard(admin(properties(ConsolePasswordGuard.DEFAULT_PASSWORD_HASH)))
                .usesDefaultPassword()).isTrue();
    }

    @Test
    void aConfiguredPasswordIsAccepted() {
        assertThat(guard(admin(properties("{sha-256}bWFkZS11cC1oYXNo"))).usesDefaultPassword()).isFalse();
    }

    private static ConsolePasswordGuard guard(ConfigurationAdmin admin) {
        ConsolePasswordGuard guard = new ConsolePasswordGuard(admin, Executors.newSingleThreadScheduledExecutor());
        guard.deactivate();
        return guard;
    }

    private static Dictionary<String, Object> properties(String password) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("username", "admin");
        properties.put("password", password);
        return properties;
    }

    /** A ConfigurationAdmin that holds at most the console's configuration. */
    private static ConfigurationAdmin admin(Dictionary<String, Object> consoleProperties) {
        Configuration configuration = (Configuration) Proxy.newProxyInstance(Configuration.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> consoleProperties;
                    case "getPid" -> ConsolePasswordGuard.CONSOLE_PID;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listConfigurations")) {
                        return consoleProperties == null ? null : new Configuration[] {configuration};
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
