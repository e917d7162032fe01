package io.kedge.mapper.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.mapper.api.DeviceConnection;
import io.kedge.mapper.api.DeviceMapper;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.ComponentConstants;
import org.osgi.util.tracker.ServiceTracker;

/**
 * This bundle (the jar the build just made; failsafe runs this after packaging) in a real Felix with SCR:
 * it registers the mapper for protocol virtual, and a counter continues across an update of the bundle
 * (its state kept in the bundle's data area). The SPI comes from the test class path through the system
 * bundle, as the node's mapper-api bundle would give it.
 */
class VirtualMapperBundleIT {
    @TempDir
    Path storage;

    private Framework framework;

    @BeforeEach
    void start() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
                "org.osgi.framework.storage", storage.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit",
                "org.osgi.framework.system.packages.extra", "io.kedge.mapper.api;version=1.0.0,org.slf4j;version=2.0.17"));
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> runtime = new ArrayList<>();
        for (Class<?> type : List.of(ComponentConstants.class, org.osgi.util.promise.Promise.class,
                org.osgi.util.function.Function.class, org.apache.felix.scr.info.ScrInfo.class)) {
            runtime.add(context.installBundle(jarOf(type)));
        }
        for (Bundle bundle : runtime) {
            bundle.start();
        }
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(30_000);
    }

    @Test
    void theBundleRegistersTheMapperAndItsCounterContinuesAcrossAnUpdate() throws Exception {
        Path jar = Path.of(System.getProperty("kedge.bundle.jar", "target/mapper-virtual-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("this module's bundle").isRegularFile();
        // installed by its file URL: update() reads the same jar again, as FileInstall does for a replaced one
        Bundle bundle = framework.getBundleContext().installBundle(jar.toAbsolutePath().toUri().toString());
        bundle.start();
        PropertySpec count = VirtualMapperTest.property("count", ValueType.INT, Map.of("function", "counter", "start", 1));

        DeviceConnection before = mapper().connect(VirtualMapperTest.device(Map.of(), count));
        assertThat(List.of(before.read(count).value(), before.read(count).value())).containsExactly("1", "2");

        bundle.update();
        assertThatThrownBy(() -> before.read(count)).isInstanceOf(MapperException.class);
        try (DeviceConnection after = mapper().connect(VirtualMapperTest.device(Map.of(), count))) {
            assertThat(after.read(count).value()).isEqualTo("3");
        }
    }

    /** The mapper for protocol virtual, waited for; its tracker stays open (a delayed component lives while used). */
    private DeviceMapper mapper() throws Exception {
        ServiceTracker<DeviceMapper, DeviceMapper> tracker = new ServiceTracker<>(framework.getBundleContext(),
                framework.getBundleContext().createFilter("(&(objectClass=" + DeviceMapper.class.getName() + ")("
                        + DeviceMapper.PROTOCOL + "=virtual))"), null);
        tracker.open();
        DeviceMapper mapper = tracker.waitForService(30_000);
        assertThat(mapper).as("DeviceMapper for protocol virtual").isNotNull();
        return mapper;
    }

    private static String jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().toString();
    }
}
