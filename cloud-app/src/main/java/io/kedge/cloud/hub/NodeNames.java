package io.kedge.cloud.hub;

import java.util.regex.Pattern;

/** Node names are Kubernetes object names: DNS-1123 subdomains. */
public final class NodeNames {
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private NodeNames() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= 253 && DNS_1123_SUBDOMAIN.matcher(name).matches();
    }
}
