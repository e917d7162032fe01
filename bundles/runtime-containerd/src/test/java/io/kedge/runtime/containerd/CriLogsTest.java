package io.kedge.runtime.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.runtime.api.LogChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogsTest {
    private static final String LOG = """
            2026-12-03T12:00:00.000000001Z stdout F hello
            2026-12-03T12:00:00.000000002Z stderr P part one,\s
            2026-12-03T12:00:00.000000003Z stderr F part two
            2026-12-03T12:00:00.000000004Z stdout F\s
            """;

    @Test
    void givesTheContainersBytesJoiningPartialLines(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("0.log"), LOG);
        LogChunk chunk = CriLogs.read(file, 0, 4096, true);
        assertThat(CriLogs.text(chunk)).isEqualTo("hello\npart one, part two\n\n");
        assertThat(chunk.nextOffset()).isEqualTo(Files.size(file));
        assertThat(chunk.complete()).isTrue();
    }

    @Test
    void resumesAtALineBoundaryWithinMaxBytes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("0.log"), LOG);
        LogChunk first = CriLogs.read(file, 0, 6, false);
        assertThat(CriLogs.text(first)).isEqualTo("hello\n");
        assertThat(first.complete()).isFalse();
        LogChunk rest = CriLogs.read(file, first.nextOffset(), 4096, false);
        assertThat(CriLogs.text(rest)).isEqualTo("part one, part two\n\n");
        assertThat(CriLogs.read(file, rest.nextOffset(), 4096, false).data()).isEmpty();
    }

    @Test
    void leavesAnUnfinishedLastLineForTheNextRead(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("0.log"), "2026-12-03T12:00:00Z stdout F done\n2026-12-03T12:00:01Z std");
        LogChunk chunk = CriLogs.read(file, 0, 4096, false);
        assertThat(new String(chunk.data(), StandardCharsets.UTF_8)).isEqualTo("done\n");
        assertThat(chunk.nextOffset()).isEqualTo("2026-12-03T12:00:00Z stdout F done\n".length());
    }

    @Test
    void aMissingFileIsEmpty(@TempDir Path dir) throws Exception {
        assertThat(CriLogs.read(dir.resolve("none.log"), 0, 10, true).data()).isEmpty();
    }
}
