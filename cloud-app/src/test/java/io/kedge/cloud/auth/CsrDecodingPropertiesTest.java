package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import io.kedge.protocol.testing.RandomInputs;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/**
 * A CSR is a body of at most {@link CertificateServer#MAX_CSR_BYTES} from a joining node. Whatever
 * it holds, reading and signing it may only end in a certificate or a {@link CsrRejectedException}.
 */
class CsrDecodingPropertiesTest {
    private static final ClusterCa CA = ClusterCa.generate();
    private static final byte[] DER;
    private static final byte[] PEM;

    static {
        try {
            PKCS10CertificationRequest csr = NodeKeys.csrFor("edge-1");
            DER = csr.getEncoded();
            PEM = Pem.csr(csr).getBytes(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void anyBytesAreRejectedWithACsrRejectedException() {
        RandomInputs.forAll(2000, CsrDecodingPropertiesTest::randomBody, CsrDecodingPropertiesTest::assertOnlyRejected);
    }

    @Test
    void aMutatedDerCsrIsSignedOrRejected() {
        RandomInputs.forAll(2000, random -> RandomInputs.mutate(random, DER), CsrDecodingPropertiesTest::assertOnlyRejected);
    }

    @Test
    void aMutatedPemCsrIsSignedOrRejected() {
        RandomInputs.forAll(1000, random -> RandomInputs.mutate(random, PEM), CsrDecodingPropertiesTest::assertOnlyRejected);
    }

    /** Random bytes, or ASN.1 and PEM starts so that the parser gets past its first byte. */
    private static byte[] randomBody(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> RandomInputs.anyBytes(random, random.nextInt(10) == 0 ? CertificateServer.MAX_CSR_BYTES : 2048);
            case 1 -> concat(new byte[] {0x30, (byte) 0x82, 0x01, 0x00}, RandomInputs.anyBytes(random, 512));
            default -> ("-----BEGIN CERTIFICATE REQUEST-----\n" + RandomInputs.anyString(random, 512)
                    + "\n-----END CERTIFICATE REQUEST-----\n").getBytes(StandardCharsets.UTF_8);
        };
    }

    private static void assertOnlyRejected(byte[] body) {
        try {
            PKCS10CertificationRequest csr = Pem.readCsr(body);
            assertThat(CA.signNodeCsr(csr, "edge-1", Duration.ofHours(1))).isNotNull();
        } catch (CsrRejectedException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
