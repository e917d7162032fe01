package io.kedge.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DataFolderTest {
    private static final Supplier<Path> NEVER = () -> {
        throw new AssertionError("the last resort is asked only when nothing is set");
    };

    @Test
    void theComponentsSettingWinsThenTheFrameworkPropertyThenTheLastResort() {
        assertThat(DataFolder.resolve("/srv/kedge", "/var/lib/kedge", NEVER)).isEqualTo(Path.of("/srv/kedge"));
        assertThat(DataFolder.resolve(" /srv/kedge ", null, NEVER)).isEqualTo(Path.of("/srv/kedge"));
        assertThat(DataFolder.resolve("", "/var/lib/kedge", NEVER)).isEqualTo(Path.of("/var/lib/kedge"));
        assertThat(DataFolder.resolve(null, " /var/lib/kedge\n", NEVER)).isEqualTo(Path.of("/var/lib/kedge"));
        assertThat(DataFolder.resolve(" ", null, () -> Path.of("."))).isEqualTo(Path.of("."));
        assertThat(DataFolder.resolve(null, "", () -> Path.of("/bundle/data"))).isEqualTo(Path.of("/bundle/data"));
    }
}
