package io.kedge.edgehub;

import io.kedge.protocol.join.JoinContract;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the node a certificate and keeps it fresh, as KubeEdge's edge does: use the stored one if
 * it is valid; else join with the token (download the CA, check it against the token's pin, send a
 * CSR); renew over mTLS once {@code renewFraction} of the lifetime has passed; after an expiry,
 * join again if a token has been given.
 *
 * <p>The token comes from {@link JoinTokenFile} and is deleted as soon as the node holds a valid
 * certificate: after a successful join, or at start when the stored certificate is valid and the
 * token pins the same CA. A token pinning another CA beside a valid certificate means the node is
 * being moved to another cluster: it joins that one.
 *
 * <p>Everything runs on one thread of its own: requests block there, never on the link's thread,
 * whose keepalives must keep flowing during a renewal.
 */
final class NodeCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCertificates.class);
    /** Re-check the renewal time at least this often: the scheduler's clock stands still while a device sleeps. */
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    /** What the component's configuration decides. */
    record Settings(String nodeName, JoinTokenFile token, double renewFraction, Duration refusedRetry) {
    }

    private final Settings settings;
    private final CertificateFiles files;
    private final CertificateServerClient server;
    private final NodeTls tls;
    private final Backoff backoff;
    private final Clock clock;
    private final Runnable onFirstCredentials;
    private final ScheduledExecutorService executor;

    // confined to the executor: a serial one, each run happens after the previous
    private NodeCredentials current;
    private boolean announced;

    /**
     * @param onFirstCredentials runs once, when the node first has a usable certificate (starts the link)
     * @param executor a serial executor of our own: {@link #close()} shuts it down
     */
    NodeCertificates(Settings settings, CertificateFiles files, CertificateServerClient server, NodeTls tls,
            Backoff backoff, Clock clock, Runnable onFirstCredentials, ScheduledExecutorService executor) {
        this.settings = settings;
        this.files = files;
        this.server = server;
        this.tls = tls;
        this.backoff = backoff;
        this.clock = clock;
        this.onFirstCredentials = onFirstCredentials;
        this.executor = executor;
    }

    void start() {
        schedule(this::establish, Duration.ZERO);
    }

    /** Stops all work; an exchange in flight is interrupted. */
    void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.debug("The certificate thread did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void establish() {
        Optional<NodeCredentials> stored;
        try {
            stored = files.load();
        } catch (CertificateFiles.UnreadableException e) {
            joinOrStayDisconnected("The node's stored certificate is unusable: " + e.getMessage(), false);
            return;
        }
        if (stored.isEmpty()) {
            joinOrStayDisconnected("Node " + settings.nodeName() + " has no certificate in " + files.directory(), true);
            return;
        }
        Optional<String> problem = stored.get().problemFor(settings.nodeName(), now());
        if (problem.isPresent()) {
            joinOrStayDisconnected("The node certificate in " + files.directory() + " is unusable: " + problem.get(),
                    false);
            return;
        }
        Optional<JoinToken> token = settings.token().read();
        if (token.isPresent() && !token.get().pins(stored.get().ca())) {
            joinOrStayDisconnected("The join token pins another CA than the one that issued the node certificate in "
                    + files.directory() + " (the node moves to another cluster)", false);
            return;
        }
        if (settings.token().exists()) {
            settings.token().delete("the node holds a valid certificate");
        }
        LOG.info("Using the node certificate in {} ({}, valid until {})", files.directory(),
                NodeCredentials.commonNameFor(settings.nodeName()), stored.get().expiry());
        use(stored.get());
    }

    /** {@code why} the node needs a certificate; {@code firstJoin} when it never had one here, the normal case. */
    private void joinOrStayDisconnected(String why, boolean firstJoin) {
        if (settings.token().read().isEmpty()) {
            LOG.error("{}, and there is no join token in {}: {}. EdgeHub stays disconnected and looks for a token "
                    + "again in {} min.", why, settings.token().path(), CertificateServerClient.TOKEN_ADVICE,
                    settings.refusedRetry().toMinutes());
            schedule(() -> joinWhenTokenGiven(why), settings.refusedRetry());
            return;
        }
        if (firstJoin) {
            LOG.info("{}: joining the cloud through {} with the join token", why, server.base());
        } else {
            LOG.warn("{}: joining the cloud again through {} with the join token", why, server.base());
        }
        join();
    }

    private void joinWhenTokenGiven(String why) {
        if (settings.token().read().isEmpty()) {
            schedule(() -> joinWhenTokenGiven(why), settings.refusedRetry());
            return;
        }
        LOG.info("{}: found a join token in {}; joining through {}", why, settings.token().path(), server.base());
        join();
    }

    private void join() {
        Optional<JoinToken> given = settings.token().read();
        if (given.isEmpty()) {
            joinOrStayDisconnected("The join token is gone", false);
            return;
        }
        JoinToken token = given.get();
        NodeCredentials joined;
        try {
            X509Certificate ca = server.fetchUnverifiedCa();
            if (!token.pins(ca)) {
                throw new CertificateRefusedException("the certificate server " + server.base()
                        + " presented a CA certificate with SHA-256 " + JoinContract.caHash(ca)
                        + " but the join token pins " + token.pinnedHash() + "; the token was not sent. Check "
                        + "cloud.url and cert.url, or " + CertificateServerClient.TOKEN_ADVICE);
            }
            tls.trustOnly(ca);
            joined = requestCertificate(ca, Optional.of(token));
        } catch (CertificateRefusedException e) {
            LOG.error("Cannot join the cloud: {}. Trying again in {} min.", e.getMessage(),
                    settings.refusedRetry().toMinutes());
            schedule(this::join, settings.refusedRetry());
            return;
        } catch (IOException e) {
            long delay = backoff.nextDelayMillis();
            LOG.warn("Cannot join the cloud through {}: {}; retrying in {} ms", server.base(),
                    Throwables.rootMessage(e), delay);
            schedule(this::join, Duration.ofMillis(delay));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
            return;
        }
        store(joined);
        // Used up (a node-bound token is single use) or not, it has done its work and must not linger.
        settings.token().delete("the node joined");
        LOG.info("Joined the cloud as {}: certificate valid until {}, stored in {}",
                NodeCredentials.commonNameFor(settings.nodeName()), joined.expiry(), files.directory());
        use(joined);
    }

    private void renewWhenDue() {
        Instant due = current.renewalTime(settings.renewFraction());
        if (now().isBefore(due)) {
            schedule(this::renewWhenDue, shorter(Duration.between(now(), due), LONGEST_WAIT));
            return;
        }
        renew();
    }

    private void renew() {
        NodeCredentials old = current;
        if (old.expiredAt(now())) {
            tls.forgetSessions(); // the key manager no longer presents it; nor may a resumed session
            joinOrStayDisconnected("The node certificate expired at " + old.expiry() + " before it could be renewed",
                    false);
            return;
        }
        NodeCredentials renewed;
        try {
            // No token: the TLS client certificate (still valid) authenticates the renewal.
            renewed = requestCertificate(old.ca(), Optional.empty());
        } catch (CertificateRefusedException e) {
            Duration wait = shorter(settings.refusedRetry(), Duration.between(now(), old.expiry()));
            LOG.error("Cannot renew the node certificate: {}. Trying again in {} ms; it expires at {}.",
                    e.getMessage(), wait.toMillis(), old.expiry());
            schedule(this::renew, wait);
            return;
        } catch (IOException e) {
            Duration untilExpiry = Duration.between(now(), old.expiry());
            Duration wait = shorter(Duration.ofMillis(backoff.nextDelayMillis()), untilExpiry);
            LOG.warn("Cannot renew the node certificate through {}: {}; retrying in {} ms (it expires at {})",
                    server.base(), Throwables.rootMessage(e), wait.toMillis(), old.expiry());
            schedule(this::renew, wait);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        store(renewed);
        use(renewed);
        LOG.info("Renewed the node certificate: the new one is valid until {}; next renewal at {}",
                renewed.expiry(), renewed.renewalTime(settings.renewFraction()));
    }

    /** A new key pair and CSR; the answer must be a usable certificate for exactly that key. */
    private NodeCredentials requestCertificate(X509Certificate ca, Optional<JoinToken> token)
            throws IOException, InterruptedException, CertificateRefusedException {
        KeyPair keys = CertificateSigningRequest.newKeyPair();
        byte[] csr = CertificateSigningRequest.create(keys, settings.nodeName());
        NodeCredentials issued = new NodeCredentials(ca, server.requestCertificate(csr, token), keys.getPrivate());
        // problemFor checks the issuer (the pinned CA), the CN, and that the certificate holds our public key.
        Optional<String> problem = issued.problemFor(settings.nodeName(), now());
        if (problem.isPresent()) {
            throw new CertificateRefusedException("the cloud issued an unusable certificate: " + problem.get());
        }
        return issued;
    }

    /** A certificate that could not be written is still used: the node works on until it restarts. */
    private void store(NodeCredentials credentials) {
        try {
            files.store(credentials);
        } catch (IOException e) {
            LOG.error("Cannot store the node certificate in {}: {}. It is used until the node restarts.",
                    files.directory(), Throwables.rootMessage(e));
        }
    }

    private void use(NodeCredentials credentials) {
        current = credentials;
        tls.use(credentials);
        backoff.reset();
        if (!announced) {
            announced = true;
            onFirstCredentials.run();
        }
        schedule(this::renewWhenDue, Duration.ZERO);
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            executor.schedule(() -> runGuarded(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            LOG.debug("Not scheduling certificate work: EdgeHub is stopping");
        }
    }

    /** A bug must not end the work silently: it is logged and the step tried again later. */
    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            long delay = backoff.nextDelayMillis();
            LOG.error("Unexpected failure while managing the node certificate; retrying in {} ms", delay, e);
            schedule(task, Duration.ofMillis(delay));
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
