package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kedge.edgehub.TestCertificateServer.Request;
import io.kedge.edgehub.TestCertificateServer.Window;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Join, reuse, renewal and fallback against a real HTTPS certificate server. */
class NodeCertificatesTest {
    private static final String NODE = "edge-1";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl";
    private static final Duration NEVER_IN_THIS_TEST = Duration.ofHours(1);

    @TempDir
    Path data;

    private final TestCertificateAuthority ca = new TestCertificateAuthority("kedge-test-ca");
    private final String token = ca.token(JWT);
    private final AtomicInteger linkStarts = new AtomicInteger();
    private TestCertificateServer server;
    private ExecutorService io;
    private NodeTls tls;
    private CertificateFiles files;
    private NodeCertificates certificates;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestCertificateServer(ca, token);
        io = Executors.newCachedThreadPool();
        tls = new NodeTls(Clock.systemUTC());
        files = new CertificateFiles(data.resolve("certs"));
    }

    @AfterEach
    void tearDown() {
        if (certificates != null) {
            certificates.close();
        }
        server.close();
        io.shutdownNow();
    }

    @Test
    void joinStoresPrivateFilesWhoseKeyAndCertificateBelongTogether() throws Exception {
        start(token, 0.8);

        await().atMost(Duration.ofSeconds(10)).until(() -> linkStarts.get() == 1);
        Path dir = files.directory();
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (String name : List.of(CertificateFiles.CA, CertificateFiles.CERTIFICATE, CertificateFiles.KEY)) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(name))).as(name)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(Files.readString(dir.resolve(CertificateFiles.KEY))).startsWith("-----BEGIN PRIVATE KEY-----");
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).as("the join token is deleted after the join")
                    .containsExactlyInAnyOrder("ca.crt", "node.crt", "node.key");
        }
        NodeCredentials stored = files.load().orElseThrow();
        assertThat(stored.problemFor(NODE, Instant.now())).isEmpty(); // CN, issuer, key pair, EKU
        assertThat(stored.ca()).isEqualTo(ca.certificate());
        assertThat(NodeCredentials.commonName(stored.certificate().getSubjectX500Principal()))
                .contains("system:node:edge-1");
        assertThat(stored.certificate()).isEqualTo(server.issued().get(0));
        assertThat(tls.presentedCertificate()).contains(stored.certificate());

        List<Request> posts = server.requests("/edge.crt");
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).authorization()).contains("Bearer " + token);
        assertThat(posts.get(0).nodeName()).contains(NODE);
        assertThat(posts.get(0).clientCertificate()).isEmpty();
    }

    @Test
    void aCaTheTokenDoesNotPinNeverReceivesTheToken() throws Exception {
        String tokenOfAnotherCluster = new TestCertificateAuthority("other-ca").token(JWT);
        start(tokenOfAnotherCluster, 0.8);

        await().atMost(Duration.ofSeconds(10)).until(() -> !server.requests("/ca.crt").isEmpty());
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> server.requests("/edge.crt").isEmpty());
        assertThat(server.requests()).allSatisfy(request -> assertThat(request.authorization()).isEmpty());
        assertThat(server.requests("/ca.crt")).as("a refusal is not retried at the backoff pace").hasSize(1);
        assertThat(files.load()).isEmpty();
        assertThat(linkStarts).hasValue(0);
    }

    @Test
    void aRefusedTokenIsAPermanentErrorAndNothingIsStored() throws Exception {
        server.refuseTokens("token expired");
        start(token, 0.8);

        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests("/edge.crt").size() == 1);
        // The backoff (50-200 ms) would have retried several times by now; a refusal waits much longer.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> server.requests("/edge.crt").size() == 1);
        assertThat(server.requests("/edge.crt").get(0).status()).isEqualTo(401);
        assertThat(files.load()).isEmpty();
        assertThat(tls.presentedCertificate()).isEmpty();
        assertThat(linkStarts).hasValue(0);
    }

    @Test
    void aTransientServerErrorIsRetriedWithBackoff() throws Exception {
        server.forceAnswer(503, "starting up");
        start(token, 0.8);

        await().atMost(Duration.ofSeconds(10)).until(() -> linkStarts.get() == 1);
        assertThat(server.requests("/edge.crt")).extracting(Request::status).containsExactly(503, 200);
        assertThat(files.load()).isPresent();
    }

    @Test
    void aValidStoredCertificateIsUsedWithoutAnyRequest() throws Exception {
        NodeCredentials stored = store(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30)));
        start(token, 0.8);

        await().atMost(Duration.ofSeconds(10)).until(() -> linkStarts.get() == 1);
        assertThat(tls.presentedCertificate()).contains(stored.certificate());
        await().during(Duration.ofMillis(500)).until(() -> server.requests().isEmpty());
    }

    @Test
    void anExpiredStoredCertificateIsReplacedByJoiningAgain() throws Exception {
        NodeCredentials expired = store(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)));
        start(token, 0.8);

        await().atMost(Duration.ofSeconds(10)).until(() -> linkStarts.get() == 1);
        NodeCredentials joined = files.load().orElseThrow();
        assertThat(joined.certificate()).isNotEqualTo(expired.certificate()).isEqualTo(server.issued().get(0));
        assertThat(joined.problemFor(NODE, Instant.now())).isEmpty();
        assertThat(server.requests("/edge.crt")).singleElement()
                .satisfies(post -> assertThat(post.authorization()).contains("Bearer " + token));
    }

    @Test
    void aCorruptKeyIsReportedAndReplacedByJoiningAgain() throws Exception {
        store(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30)));
        Files.writeString(files.directory().resolve(CertificateFiles.KEY), "-----BEGIN PRIVATE KEY-----\nbroken\n");
        assertThatThrownBy(files::load).isInstanceOf(CertificateFiles.UnreadableException.class)
                .hasMessageContaining(files.directory().resolve("node.key").toString());

        start(token, 0.8);

        await().atMost(Duration.ofSeconds(10)).until(() -> linkStarts.get() == 1);
        assertThat(files.load().orElseThrow().problemFor(NODE, Instant.now())).isEmpty();
        assertThat(server.requests("/edge.crt")).hasSize(1);
    }

    @Test
    void withoutCertificateAndTokenTheNodeStaysDisconnectedQuietly() throws Exception {
        start("", 0.8);

        await().during(Duration.ofMillis(500)).until(() -> server.requests().isEmpty());
        assertThat(linkStarts).hasValue(0);
        assertThat(files.directory()).doesNotExist();
    }

    @Test
    void renewsAt80PercentOfTheLifetimeWithTheClientCertificateAndSwapsTheIdentity() throws Exception {
        // The first certificate is 20 s long and already 15 s old: renewal is due at second 16, ~1 s
        // from now, and it expires ~4 s after that.
        server.validity(issuedBefore -> issuedBefore == 0
                ? new Window(TestCertificateAuthority.secondsFromNow(-15), TestCertificateAuthority.secondsFromNow(5))
                : new Window(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1))));
        start(token, 0.8);

        await().atMost(Duration.ofSeconds(15)).until(() -> server.issued().size() == 2);
        X509Certificate first = server.issued().get(0);
        X509Certificate renewed = server.issued().get(1);
        Request renewal = server.requests("/edge.crt").get(1);
        Instant due = first.getNotBefore().toInstant().plusMillis(16_000);
        assertThat(renewal.at()).isAfterOrEqualTo(due).isBefore(due.plusSeconds(3));
        assertThat(renewal.authorization()).as("no token in a renewal").isEmpty();
        assertThat(renewal.clientCertificate()).as("authenticated by the current certificate").contains(first);

        await().atMost(Duration.ofSeconds(5)).until(() -> tls.presentedCertificate().equals(Optional.of(renewed)));
        assertThat(files.load().orElseThrow().certificate()).isEqualTo(renewed);
        assertThat(linkStarts).as("the link is started once; it keeps its session").hasValue(1);

        // A new connection (as the link's next reconnect) shows the new certificate: no resumed old session.
        HttpClient next = HttpClient.newBuilder().sslContext(tls.context()).executor(io).build();
        next.send(HttpRequest.newBuilder(server.uri().resolve("/whoami")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(server.requests("/whoami")).last()
                .satisfies(request -> assertThat(request.clientCertificate()).contains(renewed));
    }

    @Test
    void whenRenewalFailsUntilExpiryTheNodeWaitsForANewTokenAndJoinsAgainWithIt() throws Exception {
        // 3 s long, 1 s old: renewal due in ~1.4 s, expiry in ~2 s.
        server.validity(issuedBefore -> issuedBefore == 0
                ? new Window(TestCertificateAuthority.secondsFromNow(-1), TestCertificateAuthority.secondsFromNow(2))
                : new Window(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1))));
        server.refuseRenewals(true);
        start(token, 0.8, Duration.ofMillis(300));

        await().atMost(Duration.ofSeconds(10)).until(() -> server.issued().size() == 1);
        X509Certificate first = server.issued().get(0);
        await("the first join removes the token").atMost(Duration.ofSeconds(10))
                .until(() -> !Files.exists(tokenFile().path()));
        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(first.getNotAfter().toInstant()));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> server.issued().size() == 1);

        String fresh = ca.token(JWT.replace("c2lnbmF0dXJl", "bmV3LXNpZ25hdHVyZQ"));
        server.acceptToken(fresh);
        giveToken(fresh); // what `kedge edge join --token NEW` on this node does

        await().atMost(Duration.ofSeconds(15)).until(() -> server.issued().size() == 2);
        List<Request> posts = server.requests("/edge.crt");
        assertThat(posts.get(0).authorization()).contains("Bearer " + token);
        assertThat(posts.subList(1, posts.size() - 1)).isNotEmpty().allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.clientCertificate()).contains(first);
        });
        Request rejoin = posts.get(posts.size() - 1);
        assertThat(rejoin.authorization()).contains("Bearer " + fresh);
        assertThat(rejoin.clientCertificate()).as("an expired certificate is not presented").isEmpty();
        assertThat(rejoin.at()).isAfterOrEqualTo(first.getNotAfter().toInstant());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> tls.presentedCertificate().equals(Optional.of(server.issued().get(1))));
        assertThat(tokenFile().path()).doesNotExist();
    }

    @Test
    void aValidStoredCertificateDeletesALeftoverTokenOfItsCluster() throws Exception {
        store(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30)));
        start(token, 0.8);

        await().atMost(Duration.ofSeconds(10)).until(() -> linkStarts.get() == 1);
        assertThat(tokenFile().path()).doesNotExist();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aTokenPinningAnotherCaBesideAValidCertificateMovesTheNodeToThatCluster() throws Exception {
        TestCertificateAuthority oldCluster = new TestCertificateAuthority("old-cluster-ca");
        KeyPair keys = CertificateSigningRequest.newKeyPair();
        files.store(new NodeCredentials(oldCluster.certificate(), oldCluster.issueNode(NODE, keys.getPublic(),
                Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(30))), keys.getPrivate()));
        start(token, 0.8);

        await().atMost(Duration.ofSeconds(10)).until(() -> linkStarts.get() == 1);
        assertThat(files.load().orElseThrow().ca()).isEqualTo(ca.certificate());
        assertThat(tokenFile().path()).doesNotExist();
    }

    @Test
    void aTokenGivenWhileTheNodeWaitsIsPickedUpWithoutARestart() throws Exception {
        start("", 0.8, Duration.ofMillis(200));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> server.requests().isEmpty());

        giveToken(token);

        await().atMost(Duration.ofSeconds(10)).until(() -> linkStarts.get() == 1);
        assertThat(tokenFile().path()).doesNotExist();
    }

    @Test
    void aTokenFileReadableByOthersIsClosedToTheNodesUser() throws Exception {
        giveToken(token);
        Files.setPosixFilePermissions(tokenFile().path(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(tokenFile().read()).isPresent();
        assertThat(Files.getPosixFilePermissions(tokenFile().path()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void theTokenNeverReachesTheLog() throws Exception {
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            server.refuseTokens("token has already been used");
            start(token, 0.8, Duration.ofMillis(200));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.requests("/edge.crt").size() >= 2);
            server.refuseTokens(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> linkStarts.get() == 1);
        } finally {
            System.setErr(original);
        }
        String text = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("already been used").contains("Joined the cloud");
        assertThat(text).doesNotContain(JWT).doesNotContain(JWT.substring(JWT.indexOf('.') + 1));
    }

    private void start(String joinToken, double renewFraction) throws IOException {
        start(joinToken, renewFraction, NEVER_IN_THIS_TEST);
    }

    private void start(String joinToken, double renewFraction, Duration refusedRetry) throws IOException {
        if (!joinToken.isEmpty()) {
            giveToken(joinToken);
        }
        CertificateServerClient serverClient = new CertificateServerClient(server.uri(), NODE, tls.context(), io);
        NodeCertificates.Settings settings = new NodeCertificates.Settings(NODE, tokenFile(), renewFraction,
                refusedRetry);
        certificates = new NodeCertificates(settings, files, serverClient, tls, new Backoff(50, 200, bound -> bound),
                Clock.systemUTC(), linkStarts::incrementAndGet, Executors.newSingleThreadScheduledExecutor());
        certificates.start();
    }

    private JoinTokenFile tokenFile() {
        return JoinTokenFile.in(files.directory());
    }

    /** As the launcher does: the token alone in certs/join.token, 0600 in a 0700 directory. */
    private void giveToken(String joinToken) throws IOException {
        Files.createDirectories(files.directory(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path file = tokenFile().path();
        Files.writeString(file, joinToken + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private NodeCredentials store(Instant notBefore, Instant notAfter) throws IOException {
        KeyPair keys = CertificateSigningRequest.newKeyPair();
        NodeCredentials credentials = new NodeCredentials(ca.certificate(),
                ca.issueNode(NODE, keys.getPublic(), notBefore, notAfter), keys.getPrivate());
        files.store(credentials);
        return credentials;
    }
}
