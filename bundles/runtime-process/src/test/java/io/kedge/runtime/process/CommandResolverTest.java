package io.kedge.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandResolverTest {

    @Test
    void aCommandIsFoundOnPathOrByItsPathAndNotOtherwise() {
        Path work = Path.of("/");
        assertThat(CommandResolver.resolve("sh", "/nonexistent:/bin:/usr/bin", work)).isPresent();
        assertThat(CommandResolver.resolve("sh", "/nonexistent", work)).isEmpty();
        assertThat(CommandResolver.resolve("/bin/sh", "", work)).contains(Path.of("/bin/sh"));
        assertThat(CommandResolver.resolve("bin/sh", "", work)).contains(Path.of("/bin/sh"));
        assertThat(CommandResolver.resolve("/etc/hostname-kedge-absent", "", work)).isEmpty();
    }
}
