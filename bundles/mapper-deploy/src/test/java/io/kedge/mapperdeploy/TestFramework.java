package io.kedge.mapperdeploy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * A real Felix framework for one test, its cache in {@code storage}; the system bundle exports the
 * mapper SPI from the test class path, as the node's mapper-api bundle would.
 */
final class TestFramework implements AutoCloseable {
    private final Framework framework;

    TestFramework(Path storage) throws BundleException {
        framework = new FrameworkFactory().newFramework(Map.of(
                "org.osgi.framework.storage", storage.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit",
                "org.osgi.framework.system.packages.extra", "io.kedge.mapper.api;version=1.0.0"));
        framework.start();
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    @Override
    public void close() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
    }
}
