package io.kedge.runtime.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.PullPolicy;
import io.kedge.runtime.api.RuntimeFailure;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without containerd every call fails with a reason, none crashes or hangs. */
class UnavailableContainerdTest {

    @Test
    void aSocketNobodyServesGivesRuntimeUnavailable(@TempDir Path dir) {
        try (CriChannel channel = new CriChannel(dir.resolve("none.sock"))) {
            ContainerdRuntime runtime = new ContainerdRuntime(channel, Duration.ofSeconds(2), Duration.ofSeconds(2));
            assertThatThrownBy(runtime::version).isInstanceOfSatisfying(RuntimeFailure.class,
                    f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.UNAVAILABLE));
            assertThatThrownBy(() -> runtime.ensureImage("busybox", PullPolicy.IF_NOT_PRESENT))
                    .isInstanceOfSatisfying(RuntimeFailure.class,
                            f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.UNAVAILABLE));
            assertThatThrownBy(() -> runtime.stopContainer("x", Duration.ZERO)).isInstanceOf(RuntimeFailure.class);
            assertThatThrownBy(runtime::listContainers).isInstanceOf(RuntimeFailure.class);
        }
    }

    @Test
    void resourcesBecomeCfsQuotaSharesAndMemoryLimit() {
        var linux = CriSpecs.resources(new ContainerSpec.Resources(500, 64L << 20, 250));
        assertThat(linux.getCpuPeriod()).isEqualTo(100_000);
        assertThat(linux.getCpuQuota()).isEqualTo(50_000);
        assertThat(linux.getCpuShares()).isEqualTo(256);
        assertThat(linux.getMemoryLimitInBytes()).isEqualTo(64L << 20);
        var none = CriSpecs.resources(ContainerSpec.Resources.NONE);
        assertThat(none.getCpuQuota()).isZero();
        assertThat(none.getMemoryLimitInBytes()).isZero();
    }
}
