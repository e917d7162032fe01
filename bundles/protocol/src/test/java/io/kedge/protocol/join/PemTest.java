package io.kedge.protocol.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.testing.RandomInputs;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
    /** Written by openssl. */
    private static final String KEY_PEM = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg4NKl85fyHmi/Q7aD
            IBiyZ08MqaNRokuEoyOUzyTJOFyhRANCAATb2P75xyWPTf4qXUh3SVBxsDoL3uY+
            KoWNX95IoYuLFtjo9Lt7IjrRMeo7NpiXBHRUeAXHq62vA4A0k1YpFVqL
            -----END PRIVATE KEY-----
            """;

    @Test
    void aCertificateIsWrittenAsOpensslWritesIt() throws Exception {
        assertThat(Pem.certificate(Pem.readCertificate(Pem.bytes(JoinContractTest.CA_PEM))))
                .isEqualTo(JoinContractTest.CA_PEM);
    }

    @Test
    void aCertificateIsReadFromPemOrDer() throws Exception {
        byte[] der = Pem.decode(Pem.CERTIFICATE, JoinContractTest.CA_PEM).orElseThrow();

        assertThat(Pem.readCertificate(der)).isEqualTo(Pem.readCertificate(Pem.bytes(JoinContractTest.CA_PEM)));
    }

    @Test
    void aPrivateKeyRoundTrips() throws Exception {
        byte[] der = Pem.decode(Pem.PRIVATE_KEY, KEY_PEM).orElseThrow();
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));

        String written = Pem.privateKey(key);

        assertThat(written).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(written.lines().filter(line -> !line.startsWith("-----"))).allSatisfy(line ->
                assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(Pem.decode(Pem.PRIVATE_KEY, written)).hasValueSatisfying(bytes ->
                assertThat(bytes).isEqualTo(key.getEncoded()));
    }

    @Test
    void onlyABlockOfTheAskedTypeIsDecoded() {
        assertThat(Pem.decode(Pem.PRIVATE_KEY, JoinContractTest.CA_PEM)).isEmpty();
        assertThat(Pem.decode(Pem.CERTIFICATE, "junk\n" + KEY_PEM + JoinContractTest.CA_PEM)).isPresent();
        assertThat(Pem.decode(Pem.CERTIFICATE, "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n"))
                .isEmpty();
        assertThat(Pem.decode(Pem.CERTIFICATE, null)).isEmpty();
    }

    @Test
    void anyTextDecodesOrIsEmptyNeverThrows() {
        RandomInputs.forAll(2000, random -> random.nextBoolean() ? RandomInputs.anyString(random, 300)
                : RandomInputs.mutate(random, List.of(JoinContractTest.CA_PEM, KEY_PEM)),
                text -> Pem.decode(Pem.CERTIFICATE, text));
    }
}
