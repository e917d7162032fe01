package io.kedge.metamanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

class DatabaseLocationTest {

    static BundleContext context(String kedgeData) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "kedge.data".equals(args[0]) ? kedgeData : null;
                    case "getDataFile" -> new File("/bundle-area", (String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static MetaManagerConfiguration config(String databasePath) {
        Map<String, Object> values = Map.of("database_path", databasePath);
        return (MetaManagerConfiguration) Proxy.newProxyInstance(MetaManagerConfiguration.class.getClassLoader(),
                new Class<?>[] {MetaManagerConfiguration.class}, (proxy, method, args) -> values.get(method.getName()));
    }

    @Test
    void configuredPathThenKedgeDataThenTheBundlesDataArea() {
        assertThat(MetaManager.databaseFile(context("/var/lib/kedge"), config("/mnt/ssd/objects.db")))
                .isEqualTo(Path.of("/mnt/ssd/objects.db"));
        assertThat(MetaManager.databaseFile(context("/var/lib/kedge"), config("")))
                .isEqualTo(Path.of("/var/lib/kedge/meta.db"));
        assertThat(MetaManager.databaseFile(context(null), config(""))).isEqualTo(Path.of("/bundle-area/meta.db"));
    }
}
