package io.kedge.protocol.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class JoinContractTest {
    /** Made by openssl; its hash below is openssl's too ({@code openssl x509 -outform der | sha256sum}). */
    static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBhzCCAS2gAwIBAgIUQv+cEnYuTOsYDsUlvZuGe4MOVl8wCgYIKoZIzj0EAwIw
            GDEWMBQGA1UEAwwNa2VkZ2UtdGVzdC1jYTAgFw0yNjEyMDMwODAzMjBaGA8yMTI2
            MTEwOTA4MDMyMFowGDEWMBQGA1UEAwwNa2VkZ2UtdGVzdC1jYTBZMBMGByqGSM49
            AgEGCCqGSM49AwEHA0IABNvY/vnHJY9N/ipdSHdJUHGwOgve5j4qhY1f3kihi4sW
            2Oj0u3siOtEx6js2mJcEdFR4Bcerra8DgDSTVikVWoujUzBRMB0GA1UdDgQWBBQE
            M+pQxpDKGRHFMpznGMfsWweORDAfBgNVHSMEGDAWgBQEM+pQxpDKGRHFMpznGMfs
            WweORDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIFTN3NFSuv5M
            A0bGQ0jU2oORUXN3PDc20S5kHIsom3paAiEArUiGipqPZBD/SkSZxYlaB1LsfuRO
            VmzZdNsqu2Es0xQ=
            -----END CERTIFICATE-----
            """;
    private static final String CA_HASH = "4afcf76683c80200e9efe40adf00f8a24fb61b9b5a31c9a43593388559df778e";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJub2RlIjoiZWRnZS0xIn0.c2ln";

    @Test
    void theCaHashIsTheHexSha256OfTheDerBytes() throws Exception {
        assertThat(JoinContract.caHash(ca())).isEqualTo(CA_HASH);
    }

    @Test
    void aTokenIsTheCaHashADotAndTheJwt() throws Exception {
        String token = JoinContract.token(CA_HASH, JWT);

        assertThat(token).isEqualTo(CA_HASH + "." + JWT);
        assertThat(JoinContract.hasTokenForm(token)).isTrue();
        assertThat(JoinContract.pins(token, ca())).isTrue();
        assertThat(JoinContract.bearer(token)).isEqualTo("Bearer " + token);
    }

    @Test
    void anythingElseHasNoTokenFormOrPinsNothing() throws Exception {
        assertThat(JoinContract.hasTokenForm(null)).isFalse();
        assertThat(JoinContract.hasTokenForm(JWT)).isFalse();
        assertThat(JoinContract.hasTokenForm(CA_HASH + ".a.b")).isFalse();
        assertThat(JoinContract.hasTokenForm(CA_HASH.substring(1) + "." + JWT)).isFalse();
        assertThat(JoinContract.pins("0".repeat(64) + "." + JWT, ca())).isFalse();
        assertThat(JoinContract.pins(CA_HASH + JWT, ca())).isFalse();
    }

    @Test
    void aNodeCertificateNamesItsNodeInTheCommonName() {
        String commonName = JoinContract.commonNameFor("edge-1.site-a");

        assertThat(commonName).isEqualTo("system:node:edge-1.site-a");
        assertThat(JoinContract.nodeNameOf(commonName)).contains("edge-1.site-a");
        assertThat(JoinContract.nodeNameOf("system:admin")).isEmpty();
        assertThat(JoinContract.nodeNameOf(null)).isEmpty();
    }

    @Test
    void thePathsAndHeaderAreKubeEdges() {
        assertThat(JoinContract.CA_PATH).isEqualTo("/ca.crt");
        assertThat(JoinContract.CERTIFICATE_PATH).isEqualTo("/edge.crt");
        assertThat(JoinContract.NODE_NAME_HEADER).isEqualTo("NodeName");
        assertThat(JoinContract.NODES_GROUP).isEqualTo("system:nodes");
    }

    private static X509Certificate ca() throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(CA_PEM.getBytes(StandardCharsets.US_ASCII)));
    }
}
