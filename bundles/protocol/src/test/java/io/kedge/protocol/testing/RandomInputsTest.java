package io.kedge.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomInputsTest {

    @Test
    void aFailingTryNamesItsSeedAndInput() {
        Throwable failure = catchThrowable(() -> RandomInputs.forAll(1000, random -> RandomInputs.anyString(random, 20),
                text -> assertThat(text).doesNotContain("{")));

        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("-Dkedge.random.seed=")
                .hasMessageContaining("{");
    }

    @Test
    void theSameSeedGivesTheSameInputs() {
        Random first = new Random(42);
        Random second = new Random(42);
        for (int i = 0; i < 100; i++) {
            assertThat(RandomInputs.mutate(first, List.of("{\"a\":[1,2]}", "[]")))
                    .isEqualTo(RandomInputs.mutate(second, List.of("{\"a\":[1,2]}", "[]")));
            assertThat(RandomInputs.anyJson(first, 3)).isEqualTo(RandomInputs.anyJson(second, 3));
        }
    }
}
