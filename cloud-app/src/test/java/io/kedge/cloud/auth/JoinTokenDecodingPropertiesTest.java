package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * A join token arrives in an HTTP header from anyone who reaches port 10002. Whatever it holds,
 * checking it may only end in a grant or an {@link InvalidTokenException}, never anything else
 * (a runtime exception would be a 500 and a stack trace per request).
 */
class JoinTokenDecodingPropertiesTest {
    private static final ClusterCa CA = ClusterCa.generate();
    private static final JoinTokens TOKENS = new JoinTokens(CA);
    private static final JoinAdmission ADMISSION = new JoinAdmission(TOKENS, new UsedTokenIds() {
        @Override
        public boolean isUsed(String id) {
            return false;
        }

        @Override
        public boolean markUsed(String id, String node, Instant expiry) {
            return true;
        }
    });
    private static final String GENUINE = TOKENS.issueForNode("edge-1", Duration.ofHours(1));

    @Property(tries = 2000)
    void anyStringIsRefusedWithAnInvalidTokenException(@ForAll @StringLength(max = 2000) String token) {
        assertOnlyInvalidToken(() -> TOKENS.verify(token));
        assertOnlyInvalidToken(() -> TOKENS.verifyJwt(token));
        assertOnlyInvalidToken(() -> ADMISSION.verifyBearer("Bearer " + token));
        assertOnlyInvalidToken(() -> ADMISSION.verifyBearer(token));
    }

    @Property(tries = 2000)
    void aMutatedTokenIsAGrantOrAnInvalidTokenException(
            @ForAll @Size(min = 1, max = 4) List<Mutations.@From("edits") Edit> edits) {
        String mutated = new String(Mutations.apply(GENUINE.getBytes(StandardCharsets.US_ASCII), edits),
                StandardCharsets.ISO_8859_1);

        assertOnlyInvalidToken(() -> TOKENS.verify(mutated));
        assertOnlyInvalidToken(() -> ADMISSION.verifyBearer("Bearer " + mutated));
    }

    /** Claims an attacker cannot sign, but a buggy issuer or a leaked key could: still only the documented refusal. */
    @Property(tries = 1000)
    void anyCorrectlySignedPayloadIsAGrantOrAnInvalidTokenException(@ForAll("payloads") String payload) {
        assertOnlyInvalidToken(() -> TOKENS.verify(signed(payload)));
    }

    @Provide
    Arbitrary<Mutations.Edit> edits() {
        return Mutations.edits();
    }

    @Provide
    Arbitrary<String> payloads() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(40).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.of("null", "true", "[]", "{}", "\"any-node\"", "\"edge-1\"", "1e400", "-1",
                        "99999999999999999999", "\"AAAAAAAAAAAAAAAAAAAAAA\"", "[[[[[[[[[[]]]]]]]]]]"));
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of("exp", "iat", "jti", "node", "scope"),
                Arbitraries.strings().alpha().ofMaxLength(5));
        return field.flatMap(name -> values.map(value -> "\"" + name + "\":" + value)).list().ofMaxSize(6)
                .map(entries -> "{" + String.join(",", entries) + "}");
    }

    private static String signed(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(CA.tokenKey(), "HmacSHA256"));
            return JoinTokens.caHash(CA.certificate()) + "." + input + "."
                    + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Check {
        JoinGrant run() throws InvalidTokenException;
    }

    private static void assertOnlyInvalidToken(Check check) {
        try {
            JoinGrant grant = check.run();
            assertThat(grant.id()).matches("[A-Za-z0-9_-]{16,64}");
        } catch (InvalidTokenException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
