package io.kedge.eventbus;

import io.moquette.broker.ISslContextCreator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/** The TLS listener's key and certificate, from a PKCS12 file; read once at start so a bad file fails the start. */
final class KeystoreSslContext implements ISslContextCreator {
    private final SslContext context;

    KeystoreSslContext(Path keystore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            context = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS keystore " + keystore + " cannot be used: " + e.getMessage(), e);
        }
    }

    @Override
    public SslContext initSSLContext() {
        return context;
    }
}
