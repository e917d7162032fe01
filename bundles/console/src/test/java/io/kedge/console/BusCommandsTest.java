package io.kedge.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.bus.GroupStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusCommandsTest {

    @Test
    void printsOneLinePerGroup() {
        String table = BusCommands.format(List.of(new GroupStats("hub", 3, 10, 1, false),
                new GroupStats("meta", 0, 7, 0, true)));

        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().skip(1).findFirst().orElseThrow()).matches("hub\\s+3\\s+10\\s+1\\s+no");
        assertThat(table).contains("meta").contains("yes");
    }
}
