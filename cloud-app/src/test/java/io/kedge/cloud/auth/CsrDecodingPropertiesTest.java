package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

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

    @Property(tries = 2000)
    void anyBytesAreRejectedWithACsrRejectedException(@ForAll("bodies") byte[] body) {
        assertOnlyRejected(body);
    }

    @Property(tries = 2000)
    void aMutatedDerCsrIsSignedOrRejected(@ForAll @Size(min = 1, max = 4) List<Mutations.@From("edits") Edit> edits) {
        assertOnlyRejected(Mutations.apply(DER, edits));
    }

    @Property(tries = 1000)
    void aMutatedPemCsrIsSignedOrRejected(@ForAll @Size(min = 1, max = 4) List<Mutations.@From("edits") Edit> edits) {
        assertOnlyRejected(Mutations.apply(PEM, edits));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(CertificateServer.MAX_CSR_BYTES);
        // ASN.1 and PEM starts, so the parser gets past its first byte.
        Arbitrary<byte[]> derLike = Arbitraries.bytes().array(byte[].class).ofMaxSize(512)
                .map(tail -> concat(new byte[] {0x30, (byte) 0x82, 0x01, 0x00}, tail));
        Arbitrary<byte[]> pemLike = Arbitraries.strings().ofMaxLength(512)
                .map(text -> ("-----BEGIN CERTIFICATE REQUEST-----\n" + text + "\n-----END CERTIFICATE REQUEST-----\n")
                        .getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, derLike, pemLike);
    }

    @Provide
    Arbitrary<Mutations.Edit> edits() {
        return Mutations.edits();
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
