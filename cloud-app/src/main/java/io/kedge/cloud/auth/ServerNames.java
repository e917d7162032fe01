package io.kedge.cloud.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host names and IPs the cloud's server certificate is valid for. */
public final class ServerNames {
    private static final Pattern HOST_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-f:.]+");

    private ServerNames() {
    }

    /**
     * What nodes may type to reach this cloud: the advertised addresses, the bind address when it
     * is a specific one (the printed URLs use it), localhost, 127.0.0.1 and this machine's name.
     */
    public static List<String> forCertificate(List<String> advertised, String bindAddress) {
        Set<String> names = new LinkedHashSet<>(advertised);
        String bind = stripBrackets(bindAddress.toLowerCase(Locale.ROOT));
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && isHostOrIp(bind)) {
            names.add(bind);
        }
        names.add("localhost");
        names.add("127.0.0.1");
        localHostName().ifPresent(names::add);
        return List.copyOf(names);
    }

    /**
     * Checks one address a node uses for the cloud and returns it as the certificate holds it
     * (lower case, IPv6 without brackets).
     *
     * @throws IllegalArgumentException when it is neither a DNS name nor an IP literal
     */
    public static String normalize(String address) {
        String candidate = stripBrackets(address.trim().toLowerCase(Locale.ROOT));
        if (!isHostOrIp(candidate)) {
            throw new IllegalArgumentException("'" + address + "' is neither a host name nor an IP address");
        }
        return candidate;
    }

    /** The host as it goes into a URL: IPv6 literals in brackets. */
    public static String inUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static boolean isHostOrIp(String candidate) {
        if (candidate.isEmpty() || candidate.length() > 253) {
            return false;
        }
        Matcher ipv4 = IPV4.matcher(candidate);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (candidate.contains(":")) {
            return IPV6_CHARACTERS.matcher(candidate).matches() && isIpLiteral(candidate);
        }
        return HOST_NAME.matcher(candidate).matches();
    }

    /** Only called on strings of IPv6 characters, so getByName parses and never asks DNS. */
    private static boolean isIpLiteral(String candidate) {
        try {
            InetAddress.getByName(candidate);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String stripBrackets(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    private static Optional<String> localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return isHostOrIp(name) ? Optional.of(name) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
