package io.kedge.console.mappers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Installs, updates and removes mapper bundles through the deploy folder, FileInstall doing the
 * rest. It touches only files of that folder: a new bundle's file is named after its symbolic name,
 * an update replaces the file the installed bundle came from, a removal deletes it. A bundle from
 * anywhere else (the cloud's mapper-deploy at {@code kedge-mapper:...}, the node's own bundles) is
 * neither replaced nor removed.
 */
final class MapperActions {
    /** What the page shows: an HTTP status and a plain sentence. */
    record Answer(int status, String text) {
    }

    private final DeployFolder deploy;
    private final Function<String, Optional<String>> locationOf;

    /**
     * @param deploy     the node's deploy folder
     * @param locationOf the location of the installed bundle of a symbolic name, empty when none is installed
     */
    MapperActions(DeployFolder deploy, Function<String, Optional<String>> locationOf) {
        this.deploy = deploy;
        this.locationOf = locationOf;
    }

    /** A new mapper bundle, or a new version of one installed from the deploy folder. */
    Answer install(byte[] jar) {
        String name;
        try {
            name = MapperJars.symbolicNameOfMapper(jar);
        } catch (IllegalArgumentException e) {
            return new Answer(400, "refused, nothing changed: " + e.getMessage());
        }
        Optional<String> location = locationOf.apply(name);
        Path target;
        String done;
        if (location.isPresent()) {
            Optional<Path> file = deploy.fileOf(location.get());
            if (file.isEmpty()) {
                return new Answer(409, notFromDeployFolder(name, location.get()));
            }
            target = file.get();
            done = "updated " + name + ": replaced " + target;
        } else {
            target = deploy.newFileFor(name);
            done = "installing " + name + ": wrote " + target;
        }
        try {
            deploy.write(target, jar);
        } catch (IOException e) {
            return new Answer(500, "not written to the deploy folder, nothing changed: " + e);
        }
        return new Answer(200, done + " (the deploy folder installs it within a few seconds)");
    }

    /** Removes a bundle installed from the deploy folder by deleting its file. */
    Answer remove(String symbolicName) {
        if (symbolicName == null || symbolicName.isBlank()) {
            return new Answer(400, "say which bundle to remove (its symbolic name)");
        }
        String name = symbolicName.trim();
        Optional<String> location = locationOf.apply(name);
        if (location.isEmpty()) {
            return new Answer(404, "no bundle " + name + " is installed");
        }
        Optional<Path> file = deploy.fileOf(location.get());
        if (file.isEmpty()) {
            return new Answer(409, notFromDeployFolder(name, location.get()));
        }
        try {
            Files.deleteIfExists(file.get());
        } catch (IOException e) {
            return new Answer(500, "not removed: " + e);
        }
        return new Answer(200, "removing " + name + ": deleted " + file.get() + " (uninstalled within a few seconds)");
    }

    private String notFromDeployFolder(String name, String location) {
        String where = location.startsWith("kedge-mapper:") ? " (deployed by the cloud: change its Mapper resource)" : "";
        return "refused, nothing changed: " + name + " is installed from " + location + ", not from the deploy folder "
                + deploy + where;
    }

    /** Where a mapper's bundle comes from, for the table. */
    String source(String symbolicName) {
        return locationOf.apply(symbolicName).map(location -> deploy.fileOf(location)
                .map(file -> "deploy folder: " + file.getFileName())
                .orElse(location + " (not removable here)")).orElse("");
    }

    DeployFolder deployFolder() {
        return deploy;
    }
}
