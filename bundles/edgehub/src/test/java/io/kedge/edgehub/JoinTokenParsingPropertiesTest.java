package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** Whatever lies in join.token, reading it ends in no token, a token, or the documented IllegalArgumentException. */
class JoinTokenParsingPropertiesTest {
    @Property(tries = 2000)
    void anyTextIsATokenNothingOrAnIllegalArgument(@ForAll @StringLength(max = 600) String text) {
        try {
            JoinToken.parse(text).ifPresent(token -> assertThat(token.pinnedHash()).hasSize(64));
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).doesNotContain(text.strip().isEmpty() ? "\u0000" : text.strip());
        }
    }
}
