package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JoinTokenTest {
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl";
    private final TestCertificateAuthority ca = new TestCertificateAuthority("kedge-test-ca");

    @Test
    void pinsExactlyTheCaWhoseHashItCarries() {
        JoinToken token = JoinToken.parse(ca.token(JWT)).orElseThrow();
        assertThat(token.pins(ca.certificate())).isTrue();
        assertThat(token.pins(new TestCertificateAuthority("kedge-test-ca").certificate())).isFalse();
        assertThat(token.bearerValue()).isEqualTo(ca.token(JWT));
    }

    @Test
    void blankMeansNoToken() {
        assertThat(JoinToken.parse("")).isEmpty();
        assertThat(JoinToken.parse("  ")).isEmpty();
        assertThat(JoinToken.parse(null)).isEmpty();
    }

    @Test
    void refusesWhatIsNotHashDotJwt() {
        String hash = "ab".repeat(32);
        for (String malformed : new String[] {JWT, hash, hash + ".a.b", "zz".repeat(32) + "." + JWT,
            hash + "." + JWT + ".extra", hash.substring(2) + "." + JWT}) {
            assertThatThrownBy(() -> JoinToken.parse(malformed)).as(malformed)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kedge token create")
                    .hasMessageNotContaining(malformed);
        }
    }

    @Test
    void neverShowsTheCredentialInText() {
        JoinToken token = JoinToken.parse(" " + ca.token(JWT) + "\n").orElseThrow();
        assertThat(token.toString()).doesNotContain("eyJ").contains(token.pinnedHash());
    }
}
