package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.itest.support.Poll;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;

/**
 * The DMI gRPC bridge in the real node: the bundle with its private gRPC and epoll native library
 * starts in Felix and serves on the configured unix socket, owner-only; a connection sending
 * garbage is closed and the socket keeps accepting. (The gRPC conversation itself is tested in the
 * bundle's own tests with a client generated from the DMI proto.)
 */
class DmiGrpcNodeTest extends ConnectedNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private Configuration configuration;
    private Path folder;

    @Override
    String nodeName() {
        return "itest-dmigrpc";
    }

    @AfterEach
    void removeConfiguration() throws IOException {
        if (configuration != null) {
            configuration.delete();
            Path socket = folder.resolve("dmi.sock");
            Poll.until("the socket removed when the bridge moves back to its default", WAIT, () -> !Files.exists(socket));
            Files.deleteIfExists(folder);
        }
    }

    @Test
    void servesOnItsUnixSocketOwnerOnlyAndSurvivesGarbage() throws Exception {
        assertThat(node.bundle("io.kedge.dmi-grpc").getState()).isEqualTo(Bundle.ACTIVE);
        folder = Files.createTempDirectory(Path.of("/tmp"), "kedge-dmi");
        Path socket = folder.resolve("dmi.sock");
        configuration = configAdmin.getConfiguration("io.kedge.dmigrpc", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("socket.path", socket.toString());
        configuration.update(properties);

        Poll.until("the DMI socket at " + socket, WAIT, () -> Files.exists(socket));
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            raw.write(ByteBuffer.wrap("not HTTP/2 at all\r\n\r\n".repeat(10).getBytes(StandardCharsets.US_ASCII)));
            assertThat(CompletableFuture.supplyAsync(() -> readUntilClosed(raw)).get(20, TimeUnit.SECONDS)).isTrue();
        }
        try (SocketChannel again = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertThat(again.isConnected()).isTrue();
        }
    }

    private static boolean readUntilClosed(SocketChannel raw) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            for (int i = 0; i < 1000; i++) {
                buffer.clear();
                if (raw.read(buffer) < 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
