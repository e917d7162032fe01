package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.kedge.cloud.auth.InvalidTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinTokensTest {
    private static final ClusterCa CA = ClusterCa.generate();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static JoinTokens at(Instant instant) {
        return new JoinTokens(CA.certificate(), CA.tokenKey(), Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void anIssuedTokenVerifiesAndHasKubeEdgesForm() throws Exception {
        String token = at(NOW).issueForNode("edge-1", Duration.ofHours(24));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo(JoinTokens.caHash(CA.certificate())).matches("[0-9a-f]{64}");
        String payload = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"exp\":" + (NOW.getEpochSecond() + 86400)).contains("\"iat\":" + NOW.getEpochSecond())
                .contains("\"node\":\"edge-1\"").contains("\"jti\":");
        JoinGrant grant = at(NOW.plus(Duration.ofHours(23))).verify(token);
        assertThat(grant.node()).contains("edge-1");
        assertThat(grant.singleUse()).isTrue();
        assertThat(grant.expiry()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThatNoException().isThrownBy(() -> new JoinTokens(CA).verify(
                new JoinTokens(CA).issueForNode("edge-1", JoinTokens.DEFAULT_NODE_TTL)));
    }

    @Test
    void everyTokenHasItsOwnId() throws Exception {
        JoinGrant one = at(NOW).verify(at(NOW).issueForNode("edge-1", Duration.ofHours(1)));
        JoinGrant two = at(NOW).verify(at(NOW).issueForNode("edge-1", Duration.ofHours(1)));

        assertThat(one.id()).isNotEqualTo(two.id()).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void aClusterWideTokenNamesNoNodeAndIsMultiUse() throws Exception {
        String token = at(NOW).issueForAnyNode(Duration.ofHours(24));

        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[2]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"scope\":\"any-node\"").doesNotContain("\"node\"");
        JoinGrant grant = at(NOW).verify(token);
        assertThat(grant.node()).isEmpty();
        assertThat(grant.singleUse()).isFalse();
    }

    @Test
    void aTokenOfTheOldFormAdmittingAnyoneSilentlyIsRefused() {
        // exp and iat only, as tokens were before node-bound ones: it must not pass as cluster-wide.
        String legacy = signed("{\"exp\":" + (NOW.getEpochSecond() + 3600) + ",\"iat\":" + NOW.getEpochSecond() + "}");
        assertReason(() -> at(NOW).verify(legacy), Reason.MALFORMED);
        String both = signed("{\"exp\":" + (NOW.getEpochSecond() + 3600) + ",\"jti\":\"AAAAAAAAAAAAAAAAAAAAAA\","
                + "\"node\":\"a\",\"scope\":\"any-node\"}");
        assertReason(() -> at(NOW).verify(both), Reason.MALFORMED);
        String badNode = signed("{\"exp\":" + (NOW.getEpochSecond() + 3600) + ",\"jti\":\"AAAAAAAAAAAAAAAAAAAAAA\","
                + "\"node\":\"Not A Name\"}");
        assertReason(() -> at(NOW).verify(badNode), Reason.MALFORMED);
    }

    @Test
    void nodeNamesAreCheckedWhenIssuing() {
        assertThatThrownBy(() -> at(NOW).issueForNode("Bad_Name", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DNS-1123");
    }

    @Test
    void tokenForAnotherCaIsRejectedForItsHash() {
        ClusterCa other = ClusterCa.generate();
        String foreign = new JoinTokens(other.certificate(), CA.tokenKey(), Clock.systemUTC()).issueForAnyNode(Duration.ofHours(1));

        assertReason(() -> new JoinTokens(CA).verify(foreign), Reason.WRONG_CA_HASH);
    }

    @Test
    void tokenSignedWithAnotherKeyIsForged() {
        byte[] otherKey = new byte[32];
        String forged = new JoinTokens(CA.certificate(), otherKey, Clock.systemUTC()).issueForAnyNode(Duration.ofHours(1));
        assertReason(() -> new JoinTokens(CA).verify(forged), Reason.BAD_SIGNATURE);

        // A genuine signature over a payload with a later exp: the payload was tampered with.
        String genuine = new JoinTokens(CA).issueForNode("edge-1", Duration.ofHours(1));
        String[] parts = genuine.split("\\.");
        String longer = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"exp\":99999999999,\"iat\":0,\"jti\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"scope\":\"any-node\"}".getBytes(StandardCharsets.UTF_8));
        assertReason(() -> new JoinTokens(CA).verify(parts[0] + "." + parts[1] + "." + longer + "." + parts[3]),
                Reason.BAD_SIGNATURE);
    }

    @Test
    void tokenPastItsLifetimeHasExpired() {
        String token = at(NOW).issueForNode("edge-1", Duration.ofHours(1));

        assertReason(() -> at(NOW.plus(Duration.ofHours(1))).verify(token), Reason.EXPIRED);
    }

    @Test
    void algNoneIsNotAccepted() {
        String[] parts = new JoinTokens(CA).issueForAnyNode(Duration.ofHours(1)).split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertReason(() -> new JoinTokens(CA).verify(parts[0] + "." + none + "." + parts[2] + "." + parts[3]),
                Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c.d", "x.y", "..", "0123.eyJ.eyJ.c2ln",
            "0000000000000000000000000000000000000000000000000000000000000000.e30.e30"})
    void garbageIsMalformed(String garbage) {
        assertReason(() -> new JoinTokens(CA).verify(garbage), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!.??.##", "e30.e30.e30", "a.b", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"})
    void garbageJwtIsMalformedOrUnsigned(String garbage) {
        assertThatThrownBy(() -> new JoinTokens(CA).verifyJwt(garbage))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isIn(Reason.MALFORMED, Reason.BAD_SIGNATURE));
    }

    @Test
    void emptyTokenIsMissing() {
        assertReason(() -> new JoinTokens(CA).verify(""), Reason.MISSING);
        assertReason(() -> new JoinTokens(CA).verify(null), Reason.MISSING);
    }

    @Test
    void theJwtAloneVerifiesAsKubeEdgeSendsIt() throws Exception {
        String token = new JoinTokens(CA).issueForAnyNode(Duration.ofHours(1));
        new JoinTokens(CA).verifyJwt(token.substring(token.indexOf('.') + 1));
    }

    /** A token of this CA, correctly signed, with the given claims. */
    private static String signed(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(CA.tokenKey(), "HmacSHA256"));
            return JoinTokens.caHash(CA.certificate()) + "." + input + "."
                    + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageStartingWith(reason.text());
    }
}
