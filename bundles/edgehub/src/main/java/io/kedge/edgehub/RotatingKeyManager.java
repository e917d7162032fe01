package io.kedge.edgehub;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the node's current client certificate. A renewal swaps the identity in place, so the
 * one SSLContext and HttpClient of the link stay, and the next handshake uses the new certificate.
 *
 * <p>A handshake asks for an alias first and for the key and chain later: each identity has its
 * own alias and the previous one stays answerable, so a swap between the calls cannot pair a new
 * certificate with an old key.
 */
final class RotatingKeyManager extends X509ExtendedKeyManager {
    private record Identity(String alias, X509Certificate certificate, PrivateKey key) {
    }

    private final Clock clock;
    private long generation;
    private volatile Identity current;
    private volatile Identity previous;

    RotatingKeyManager(Clock clock) {
        this.clock = clock;
    }

    synchronized void use(X509Certificate certificate, PrivateKey key) {
        previous = current;
        current = new Identity("node-" + ++generation, certificate, key);
    }

    /** The certificate last swapped in, expired or not. */
    Optional<X509Certificate> latest() {
        Identity identity = current;
        return identity == null ? Optional.empty() : Optional.of(identity.certificate());
    }

    /** The certificate the next handshake presents, if any. */
    Optional<X509Certificate> presented() {
        return Optional.ofNullable(chooseClientAlias(new String[] {"EC", "RSA"}, null, (Socket) null))
                .map(alias -> getCertificateChain(alias)[0]);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes, issuers);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = choose(new String[] {keyType}, issuers);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Identity identity = find(alias);
        return identity == null ? null : new X509Certificate[] {identity.certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Identity identity = find(alias);
        return identity == null ? null : identity.key();
    }

    /**
     * No certificate rather than an expired one: the server would refuse the handshake, while
     * without one the certificate server can still take a join token.
     */
    private String choose(String[] keyTypes, Principal[] issuers) {
        Identity identity = current;
        if (identity == null || !clock.instant().isBefore(identity.certificate().getNotAfter().toInstant())) {
            return null;
        }
        String algorithm = identity.key().getAlgorithm();
        boolean typeFits = keyTypes != null && Arrays.stream(keyTypes)
                .anyMatch(type -> type.equals(algorithm) || type.startsWith(algorithm + "_"));
        boolean issuerFits = issuers == null || issuers.length == 0
                || Arrays.asList(issuers).contains(identity.certificate().getIssuerX500Principal());
        return typeFits && issuerFits ? identity.alias() : null;
    }

    private Identity find(String alias) {
        Identity now = current;
        if (now != null && now.alias().equals(alias)) {
            return now;
        }
        Identity before = previous;
        return before != null && before.alias().equals(alias) ? before : null;
    }

    // The node is never a TLS server.
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
