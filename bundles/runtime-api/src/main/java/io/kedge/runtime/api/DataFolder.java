package io.kedge.runtime.api;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The one rule for where a node keeps its data, in plain Java so that every bundle can apply it,
 * those that start before or without a node identity included (a runtime, the object store): the
 * folder configured for the component, else the framework property {@value #FRAMEWORK_PROPERTY}
 * (the launcher sets it to the node's data folder), else the caller's last resort (a bundle's data
 * area; a runtime keeps the working folder, whose short paths suit the unix sockets it makes there).
 *
 * @since 1.1
 */
public final class DataFolder {
    /** Framework property naming the node's data folder. */
    public static final String FRAMEWORK_PROPERTY = "kedge.data";

    private DataFolder() {
    }

    /**
     * @param configured        the component's own setting; null or blank when not set
     * @param frameworkProperty the value of {@value #FRAMEWORK_PROPERTY}; null or blank when not set
     * @param lastResort        asked only when neither is set
     */
    public static Path resolve(String configured, String frameworkProperty, Supplier<Path> lastResort) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        if (frameworkProperty != null && !frameworkProperty.isBlank()) {
            return Path.of(frameworkProperty.trim());
        }
        return lastResort.get();
    }
}
