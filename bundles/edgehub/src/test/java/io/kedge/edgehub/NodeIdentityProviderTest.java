package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

class NodeIdentityProviderTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String[] EC = {"EC"};

    private final TestCertificateAuthority ca = new TestCertificateAuthority("kedge-test-ca");
    private final NodeIdentityProvider identity = new NodeIdentityProvider("edge-1", Path.of("/var/lib/kedge"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void listenersHearEachNewCertificateOnceAndAFailingOneStopsNoOther() {
        List<X509Certificate> heard = new ArrayList<>();
        identity.addListener(certificate -> {
            throw new IllegalStateException("listener bug");
        });
        identity.addListener(heard::add);
        NodeCredentials joined = credentials(NOW.plus(Duration.ofDays(1)));
        identity.tls().use(joined);
        identity.tls().use(joined); // EdgeHub restarted and loaded the same files: no change
        NodeCredentials renewed = credentials(NOW.plus(Duration.ofDays(2)));
        identity.tls().use(renewed);

        assertThat(heard).containsExactly(joined.certificate(), renewed.certificate());
        assertThat(identity.certificate()).contains(renewed.certificate());
    }

    @Test
    void theKeyAndTrustManagersServeTheCurrentMaterialWithoutBeingFetchedAgain() {
        var keyManager = identity.keyManager();
        var trustManager = identity.trustManager();
        assertThat(keyManager.chooseClientAlias(EC, null, (Socket) null)).isNull();
        assertThat(trustManager.getAcceptedIssuers()).isEmpty();

        identity.tls().use(credentials(NOW.plus(Duration.ofDays(1))));
        NodeCredentials renewed = credentials(NOW.plus(Duration.ofDays(2)));
        identity.tls().use(renewed);

        String alias = keyManager.chooseClientAlias(EC, null, (Socket) null);
        assertThat(keyManager.getCertificateChain(alias)).containsExactly(renewed.certificate());
        assertThat(trustManager.getAcceptedIssuers()).containsExactly(ca.certificate());
        assertThat(identity.sslContext().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void anExpiredCertificateIsNoLongerPresented() {
        identity.tls().use(credentials(NOW.minusSeconds(1)));
        assertThat(identity.certificate()).isEmpty();
    }

    @Test
    void theDataFolderIsDataDirElseKedgeDataElseTheBundleArea() {
        assertThat(NodeIdentityProvider.dataDirectory("/mnt/ssd/kedge", context("/var/lib/kedge")))
                .isEqualTo(Path.of("/mnt/ssd/kedge"));
        assertThat(NodeIdentityProvider.dataDirectory(" ", context("/var/lib/kedge")))
                .isEqualTo(Path.of("/var/lib/kedge"));
        assertThat(NodeIdentityProvider.dataDirectory("", context(null))).isEqualTo(Path.of("/bundle-area"));
    }

    @Test
    void aNodeWithoutANameHasNoIdentity() {
        assertThatThrownBy(() -> new NodeIdentityProvider(" ", Path.of("."), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node.name");
    }

    private NodeCredentials credentials(Instant notAfter) {
        KeyPair keys = CertificateSigningRequest.newKeyPair();
        X509Certificate certificate = ca.issueNode("edge-1", keys.getPublic(), NOW.minus(Duration.ofDays(1)), notAfter);
        return new NodeCredentials(ca.certificate(), certificate, keys.getPrivate());
    }

    private static BundleContext context(String kedgeData) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "kedge.data".equals(args[0]) ? kedgeData : null;
                    case "getDataFile" -> new File("/bundle-area", (String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
