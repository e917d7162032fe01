package io.kedge.runtime.api;

/** A container's imagePullPolicy. */
public enum PullPolicy {
    ALWAYS, IF_NOT_PRESENT, NEVER;

    /** Kubernetes' spelling ({@code Always}, {@code IfNotPresent}, {@code Never}); null or empty gives the Kubernetes default for {@code image}. */
    public static PullPolicy of(String value, String image) {
        if (value == null || value.isEmpty()) {
            return image.endsWith(":latest") || !image.substring(image.lastIndexOf('/') + 1).contains(":")
                    ? ALWAYS : IF_NOT_PRESENT;
        }
        return switch (value) {
            case "Always" -> ALWAYS;
            case "IfNotPresent" -> IF_NOT_PRESENT;
            case "Never" -> NEVER;
            default -> throw new IllegalArgumentException("imagePullPolicy must be Always, IfNotPresent or Never, got '" + value + "'");
        };
    }
}
