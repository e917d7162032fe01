package io.kedge.eventbus;

import io.moquette.broker.security.IAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The embedded broker's one user. Any MQTT client on the listening address may try; the password is
 * compared in constant time.
 */
final class PasswordAuthenticator implements IAuthenticator {
    private final byte[] username;
    private final byte[] password;

    PasswordAuthenticator(String username, String password) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean checkValid(String clientId, String user, byte[] pass) {
        if (user == null || pass == null) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
        boolean passOk = MessageDigest.isEqual(password, pass);
        return userOk & passOk;
    }
}
