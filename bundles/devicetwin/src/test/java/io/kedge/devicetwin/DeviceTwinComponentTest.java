package io.kedge.devicetwin;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.exec.NodeExecutors;
import io.kedge.api.node.NodeIdentity;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component without a framework: where it keeps its file, what it subscribes, what it ends. */
class DeviceTwinComponentTest {
    @TempDir
    Path dir;

    @Test
    void activationOpensAPrivateDatabaseSubscribesAndDeactivationEndsTheSubscriptions() throws Exception {
        InMemoryMqtt mqtt = new InMemoryMqtt();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            DeviceTwinComponent component = new DeviceTwinComponent(defaults(), identity(), mqtt, new InMemoryCloud(),
                    executors(timer));
            component.upsert(TwinFixture.thermo("auto", null));

            Path file = dir.resolve("devicetwin").resolve("twin.db");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(mqtt.deliver(TwinFixture.PREFIX + "/twin/get", "{}")).isEqualTo(1);
            assertThat(mqtt.last(TwinFixture.PREFIX + "/twin/get/result")).contains("\"mode\"");

            component.deactivate();

            assertThat(mqtt.deliver(TwinFixture.PREFIX + "/twin/get", "{}")).isZero();
            assertThat(timer.isShutdown()).isTrue();
        } finally {
            timer.shutdownNow();
        }
    }

    private NodeIdentity identity() {
        return (NodeIdentity) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NodeIdentity.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "nodeName" -> TwinFixture.NODE;
                    case "dataDirectory" -> dir;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static NodeExecutors executors(ScheduledExecutorService timer) {
        return new NodeExecutors() {
            @Override
            public ScheduledExecutorService newSerialExecutor(String name) {
                return timer;
            }

            @Override
            public ExecutorService blocking() {
                return timer;
            }
        };
    }

    private static DeviceTwinConfiguration defaults() {
        return new DeviceTwinConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DeviceTwinConfiguration.class;
            }

            @Override
            public int max_payload_bytes() {
                return 64 * 1024;
            }

            @Override
            public int busy_timeout_millis() {
                return 1_000;
            }

            @Override
            public int report_retry_seconds() {
                return 10;
            }
        };
    }
}
