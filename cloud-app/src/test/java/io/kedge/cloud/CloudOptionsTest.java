package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.cloud.CloudOptions.NodeLifecycleMode;
import io.kedge.cloud.edgecontroller.downstream.ServiceNamespaces;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudOptionsTest {

    @Test
    void defaults() throws Exception {
        CloudOptions options = CloudOptions.parse(List.of());
        assertThat(options.kubeconfig()).isEmpty();
        assertThat(options.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(options.port()).isEqualTo(10000);
        assertThat(options.keepaliveTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.nodeGrace()).isEqualTo(Duration.ofSeconds(40));
        assertThat(options.nodeLifecycle()).isEqualTo(NodeLifecycleMode.AUTO);
        assertThat(options.maxFrameBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(options.maxUnappliedBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(options.maxUnsentBytes()).isEqualTo(32 * 1024 * 1024);
        assertThat(options.certPort()).isEqualTo(10002);
        assertThat(options.insecure()).as("TLS is the default").isFalse();
        assertThat(options.advertiseAddresses()).isEmpty();
        assertThat(options.caNamespace()).isEqualTo("kedge");
        assertThat(options.nodeCertLifetime()).isEqualTo(Duration.ofDays(365));
        assertThat(options.help()).isFalse();
    }

    @Test
    void serviceNamespacesLeaveOutTheControlPlaneUnlessTold() throws Exception {
        assertThat(CloudOptions.parse(List.of()).serviceNamespaces())
                .isEqualTo(ServiceNamespaces.defaultFor("kedge"));
        assertThat(CloudOptions.parse(List.of("--ca-namespace", "edge-system")).serviceNamespaces().includes("edge-system"))
                .isFalse();
        assertThat(CloudOptions.parse(List.of("--service-namespaces", "*")).serviceNamespaces())
                .isEqualTo(ServiceNamespaces.ALL);
        assertThat(CloudOptions.parse(List.of("--service-namespaces=shop,mesh")).serviceNamespaces().includes("default"))
                .isFalse();
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--service-namespaces", "Shop")))
                .isInstanceOf(CloudOptions.InvalidOptionsException.class).hasMessageStartingWith("--service-namespaces: ");
    }

    @Test
    void certificateOptions() throws Exception {
        CloudOptions options = CloudOptions.parse(List.of("--cert-port", "0", "--insecure",
                "--advertise-address", "Cloud.Example.com,10.0.0.5", "--advertise-address=[fd00::1]",
                "--advertise-address", "10.0.0.5", "--ca-namespace", "edge-system", "--node-cert-lifetime", "90s"));

        assertThat(options.certPort()).isZero();
        assertThat(options.insecure()).isTrue();
        assertThat(options.advertiseAddresses()).containsExactly("cloud.example.com", "10.0.0.5", "fd00::1");
        assertThat(options.caNamespace()).isEqualTo("edge-system");
        assertThat(options.nodeCertLifetime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.serverNames()).contains("cloud.example.com", "10.0.0.5", "fd00::1", "localhost", "127.0.0.1");
    }

    @Test
    void nodeCertificateLifetimesInEveryUnit() throws Exception {
        assertThat(lifetime("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(lifetime("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(lifetime("365d")).isEqualTo(Duration.ofDays(365));
        assertThat(lifetime("PT36H")).isEqualTo(Duration.ofHours(36));
    }

    @Test
    void badCertificateOptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> lifetime("forever"))
                .hasMessageContaining("--node-cert-lifetime must look like 90s, 10m, 24h or 365d, got 'forever'");
        assertThatThrownBy(() -> lifetime("10y")).hasMessageContaining("--node-cert-lifetime must look like");
        assertThatThrownBy(() -> lifetime("0s")).hasMessageContaining("--node-cert-lifetime must be positive");
        assertThatThrownBy(() -> lifetime("99999d")).hasMessageContaining("must not exceed the CA's lifetime of 3650d");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--cert-port", "-1")))
                .hasMessageContaining("--cert-port must be between 0 and 65535");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--port", "10500", "--cert-port", "10500")))
                .hasMessageContaining("--cert-port and --port must differ");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--insecure=false")))
                .hasMessageContaining("--insecure takes no value");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--advertise-address", "https://cloud.example")))
                .hasMessageContaining("--advertise-address: 'https://cloud.example' is neither a host name nor an IP");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--advertise-address", "a.example,,b.example")))
                .hasMessageContaining("--advertise-address: '' is neither");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--advertise-address", "300.1.2.3")))
                .hasMessageContaining("'300.1.2.3' is neither");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--ca-namespace", "Kedge_System")))
                .hasMessageContaining("--ca-namespace must be a namespace name");
    }

    @Test
    void portZeroForBothIsAllowed() throws Exception {
        CloudOptions options = CloudOptions.parse(List.of("--port", "0", "--cert-port", "0"));
        assertThat(options.port()).isZero();
        assertThat(options.certPort()).isZero();
    }

    private static Duration lifetime(String value) throws Exception {
        return CloudOptions.parse(List.of("--node-cert-lifetime", value)).nodeCertLifetime();
    }

    @Test
    void everyOption(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
        CloudOptions options = CloudOptions.parse(List.of("--kubeconfig", kubeconfig.toString(),
                "--bind", "127.0.0.1", "--port=0", "--keepalive-timeout", "5", "--node-grace", "7",
                "--node-lifecycle", "OFF", "--max-frame-bytes", "65536", "--max-unapplied-bytes", "100000",
                "--max-unsent-bytes=200000"));
        assertThat(options.kubeconfig()).contains(kubeconfig);
        assertThat(options.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isZero();
        assertThat(options.keepaliveTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.nodeGrace()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.nodeLifecycle()).isEqualTo(NodeLifecycleMode.OFF);
        assertThat(options.maxFrameBytes()).isEqualTo(65536);
        assertThat(options.maxUnappliedBytes()).isEqualTo(100_000);
        assertThat(options.maxUnsentBytes()).isEqualTo(200_000);
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--port", "http")))
                .hasMessageContaining("--port must be a whole number");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--port", "70000")))
                .hasMessageContaining("--port must be between 0 and 65535");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--node-lifecycle", "maybe")))
                .hasMessageContaining("auto, on or off");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--bogus")))
                .hasMessageContaining("unknown option '--bogus'");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--keepalive-timeout")))
                .hasMessageContaining("--keepalive-timeout needs a value");
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--kubeconfig", "/no/such/file")))
                .hasMessageContaining("cannot read");
    }

    @Test
    void badOptionsExitWithCodeTwo() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.runCloud(List.of("--port", "x"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port must be a whole number").contains("--help");
    }

    @Test
    void helpExplainsEveryOption() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.runCloud(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--kubeconfig", "--bind", "--port",
                "--keepalive-timeout", "--node-grace", "--node-lifecycle", "--max-frame-bytes", "--send-window",
                "--cert-port", "--insecure", "--advertise-address", "--ca-namespace", "--node-cert-lifetime", "--help");
    }

    @Test
    void metricsPortDefaultsToPrometheusConventionAndMayBeFree() throws Exception {
        assertThat(CloudOptions.parse(List.of()).metricsPort()).isEqualTo(9091);
        assertThat(CloudOptions.parse(List.of("--metrics-port", "0")).metricsPort()).isZero();
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--metrics-port", "70000")))
                .hasMessageContaining("--metrics-port must be between 0 and 65535");
    }

    @Test
    void eachNodesWritesToTheApiAreLimitedByRateAndBurst() throws Exception {
        CloudOptions defaults = CloudOptions.parse(List.of());
        assertThat(defaults.nodeWriteRate()).isEqualTo(10);
        assertThat(defaults.nodeWriteBurst()).isEqualTo(20);
        CloudOptions set = CloudOptions.parse(List.of("--node-write-rate", "3", "--node-write-burst", "7"));
        assertThat(set.nodeWriteRate()).isEqualTo(3);
        assertThat(set.nodeWriteBurst()).isEqualTo(7);
        assertThatThrownBy(() -> CloudOptions.parse(List.of("--node-write-rate", "0")))
                .hasMessageContaining("--node-write-rate must be between 1 and 100000");
        assertThat(CloudOptions.usage()).contains("--node-write-rate", "--node-write-burst");
    }
}
