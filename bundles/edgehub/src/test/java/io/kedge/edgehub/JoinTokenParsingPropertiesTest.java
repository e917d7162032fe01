package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.testing.RandomInputs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever lies in join.token, reading it ends in no token, a token, or the documented IllegalArgumentException. */
class JoinTokenParsingPropertiesTest {
    private static final List<String> TOKENS = List.of(
            "a".repeat(64) + ".eyJhbGciOiJIUzI1NiJ9.eyJub2RlIjoiZWRnZS0xIn0.c2lnbmF0dXJl", "  \n", "");

    @Test
    void anyTextIsATokenNothingOrAnIllegalArgument() {
        RandomInputs.forAll(3000, random -> random.nextBoolean() ? RandomInputs.anyString(random, 600)
                : RandomInputs.mutate(random, TOKENS), text -> {
            try {
                JoinToken.parse(text).ifPresent(token -> assertThat(token.pinnedHash()).hasSize(64));
            } catch (IllegalArgumentException expected) {
                // A refused token may still be a secret: its text never reaches the message (and so the log).
                if (text.strip().length() >= 8) {
                    assertThat(expected.getMessage()).doesNotContain(text.strip());
                }
            }
        });
    }
}
