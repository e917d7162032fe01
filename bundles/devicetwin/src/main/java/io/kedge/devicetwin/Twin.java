package io.kedge.devicetwin;

/**
 * One property of a device as the edge holds it: KubeEdge's "expected" (desired) and "actual"
 * (reported) values with their versions.
 *
 * @param type         value type (string, int, integer, float, double, boolean), or "deleted"; null
 *                     only in a result that shows no type
 * @param optional     whether an edge update may delete the twin
 * @param expected     the desired value, null when none
 * @param actual       the reported value, null when none
 * @param cloudDesired the last desired value the cloud sent, null when none: a cloud update changes
 *                     {@code expected} only when this changes, so an edge-set desired value is not
 *                     overwritten by the cloud repeating itself
 */
record Twin(String type, boolean optional, TwinValue expected, TwinValue actual, Version expectedVersion,
        Version actualVersion, String cloudDesired) {
    static final String DELETED = "deleted";

    boolean deleted() {
        return DELETED.equals(type);
    }

    Twin withExpected(TwinValue value, Version version) {
        return new Twin(type, optional, value, actual, version, actualVersion, cloudDesired);
    }

    Twin withActual(TwinValue value, Version version) {
        return new Twin(type, optional, expected, value, expectedVersion, version, cloudDesired);
    }

    Twin withCloudDesired(String desired) {
        return new Twin(type, optional, expected, actual, expectedVersion, actualVersion, desired);
    }

    Twin withType(String newType) {
        return new Twin(newType, optional, expected, actual, expectedVersion, actualVersion, cloudDesired);
    }

    Twin withOptional(boolean newOptional) {
        return new Twin(type, newOptional, expected, actual, expectedVersion, actualVersion, cloudDesired);
    }
}
