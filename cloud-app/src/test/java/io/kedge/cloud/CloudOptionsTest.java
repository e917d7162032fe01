package io.kedge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.cloud.CloudOptions.NodeLifecycleMode;
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
        assertThat(options.maxFrameBytes()).isEqualTo(8 * 1024 * 1024);
        assertThat(options.help()).isFalse();
    }

    @Test
    void everyOption(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
        CloudOptions options = CloudOptions.parse(List.of("--kubeconfig", kubeconfig.toString(),
                "--bind", "127.0.0.1", "--port=0", "--keepalive-timeout", "5", "--node-grace", "7",
                "--node-lifecycle", "OFF", "--max-frame-bytes", "65536"));
        assertThat(options.kubeconfig()).contains(kubeconfig);
        assertThat(options.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isZero();
        assertThat(options.keepaliveTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.nodeGrace()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.nodeLifecycle()).isEqualTo(NodeLifecycleMode.OFF);
        assertThat(options.maxFrameBytes()).isEqualTo(65536);
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
                "--keepalive-timeout", "--node-grace", "--node-lifecycle", "--max-frame-bytes", "--help");
    }
}
