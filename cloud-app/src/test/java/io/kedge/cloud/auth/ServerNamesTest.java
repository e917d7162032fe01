package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ServerNamesTest {

    @Test
    void theCertificateCoversAdvertisedAddressesLocalhostAndThisHost() throws Exception {
        List<String> names = ServerNames.forCertificate(List.of("cloud.example", "10.0.0.5"), "0.0.0.0");

        assertThat(names).startsWith("cloud.example", "10.0.0.5").contains("localhost", "127.0.0.1")
                .doesNotContain("0.0.0.0").doesNotHaveDuplicates();
        assertThat(names).contains(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
    }

    @Test
    void aSpecificBindAddressIsCoveredSoThePrintedUrlWorks() {
        assertThat(ServerNames.forCertificate(List.of(), "192.168.7.9")).contains("192.168.7.9");
        assertThat(ServerNames.forCertificate(List.of(), "[::]")).doesNotContain("::");
    }

    @Test
    void addressesAreNormalizedOrRejected() {
        assertThat(ServerNames.normalize(" Edge-Cloud.Example.COM ")).isEqualTo("edge-cloud.example.com");
        assertThat(ServerNames.normalize("[FD00::7]")).isEqualTo("fd00::7");
        assertThat(ServerNames.normalize("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThatThrownBy(() -> ServerNames.normalize("cloud.example:10000")).hasMessageContaining("neither");
        assertThatThrownBy(() -> ServerNames.normalize("-bad.example")).hasMessageContaining("neither");
        assertThatThrownBy(() -> ServerNames.normalize("fd00:::7:::1")).hasMessageContaining("neither");
        assertThatThrownBy(() -> ServerNames.normalize("")).hasMessageContaining("neither");
    }

    @Test
    void urlsBracketIpv6Hosts() {
        assertThat(ServerNames.inUrl("::1")).isEqualTo("[::1]");
        assertThat(ServerNames.inUrl("127.0.0.1")).isEqualTo("127.0.0.1");
    }
}
