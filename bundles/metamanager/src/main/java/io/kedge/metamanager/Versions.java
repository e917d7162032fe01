package io.kedge.metamanager;

/**
 * Orders resourceVersions. Kubernetes calls them opaque, but every API server we know issues
 * increasing integers; so numbers compare as numbers, and anything else counts as newer when it differs.
 */
final class Versions {

    private Versions() {
    }

    static boolean isNewer(String incoming, String held) {
        Long in = asLong(incoming);
        Long old = asLong(held);
        if (in != null && old != null) {
            return in > old;
        }
        return !incoming.equals(held);
    }

    private static Long asLong(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
