package io.kedge.console.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsrfGuardTest {
    private static final String OWN = "http://127.0.0.1:8080";
    private final CsrfGuard guard = new CsrfGuard();

    @Test
    void onlyThePagesTokenFromTheConsolesOwnOriginOrNoOriginPasses() {
        assertThat(guard.allows(guard.token(), OWN, OWN)).isTrue();
        assertThat(guard.allows(guard.token(), null, OWN)).as("no Origin header (older browsers, curl)").isTrue();

        assertThat(guard.allows(null, OWN, OWN)).as("no token").isFalse();
        assertThat(guard.allows("", OWN, OWN)).isFalse();
        assertThat(guard.allows(guard.token() + "x", OWN, OWN)).isFalse();
        assertThat(guard.allows(new CsrfGuard().token(), OWN, OWN)).as("another instance's token").isFalse();
        assertThat(guard.allows(guard.token(), "http://evil.example", OWN)).as("another origin").isFalse();
        assertThat(guard.allows(guard.token(), "null", OWN)).as("a sandboxed or file page").isFalse();
    }

    @Test
    void eachConsoleStartHasAFreshUnguessableToken() {
        assertThat(guard.token()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(new CsrfGuard().token());
    }
}
