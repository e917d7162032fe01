package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.testing.RandomInputs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

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

    @Test
    void anyStringIsRefusedWithAnInvalidTokenException() {
        RandomInputs.forAll(2000, random -> RandomInputs.anyString(random, 2000), token -> {
            assertOnlyInvalidToken(() -> TOKENS.verify(token));
            assertOnlyInvalidToken(() -> TOKENS.verifyJwt(token));
            assertOnlyInvalidToken(() -> ADMISSION.verifyBearer("Bearer " + token));
            assertOnlyInvalidToken(() -> ADMISSION.verifyBearer(token));
        });
    }

    @Test
    void aMutatedTokenIsAGrantOrAnInvalidTokenException() {
        byte[] genuine = GENUINE.getBytes(StandardCharsets.US_ASCII);
        RandomInputs.forAll(2000, random -> new String(RandomInputs.mutate(random, genuine), StandardCharsets.ISO_8859_1),
                mutated -> {
                    assertOnlyInvalidToken(() -> TOKENS.verify(mutated));
                    assertOnlyInvalidToken(() -> ADMISSION.verifyBearer("Bearer " + mutated));
                });
    }

    /** Claims an attacker cannot sign, but a buggy issuer or a leaked key could: still only the documented refusal. */
    @Test
    void anyCorrectlySignedPayloadIsAGrantOrAnInvalidTokenException() {
        RandomInputs.forAll(1000, JoinTokenDecodingPropertiesTest::randomPayload,
                payload -> assertOnlyInvalidToken(() -> TOKENS.verify(signed(payload))));
    }

    private static String randomPayload(Random random) {
        int fields = random.nextInt(7);
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < fields; i++) {
            String name = random.nextBoolean() ? RandomInputs.pick(random, "exp", "iat", "jti", "node", "scope")
                    : RandomInputs.anyString(random, 5).replace("\\", "").replace("\"", "");
            String value = switch (random.nextInt(4)) {
                case 0 -> String.valueOf(random.nextLong());
                case 1 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(30)));
                case 2 -> "\"" + RandomInputs.anyString(random, 40).replace("\\", "").replace("\"", "") + "\"";
                default -> RandomInputs.pick(random, "null", "true", "[]", "{}", "\"any-node\"", "\"edge-1\"", "1e400",
                        "-1", "99999999999999999999", "\"AAAAAAAAAAAAAAAAAAAAAA\"", "[[[[[[[[[[]]]]]]]]]]");
            };
            entries.add("\"" + name + "\":" + value);
        }
        return "{" + String.join(",", entries) + "}";
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
