package io.kedge.edged.staticpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's static pod manifests: {@code *.yaml}, {@code *.yml} and {@code *.json} files in one
 * folder (hidden files skipped), read again on each {@link #read()}. A file is parsed only when its
 * modification time or size changed; a file that is no pod is logged once (until it changes) and left
 * out, and the other manifests keep running. Two files naming the same pod: the first by file name wins.
 * Not thread-safe: one caller (the pod pass) reads it.
 */
public final class ManifestFolder {
    private static final Logger LOG = LoggerFactory.getLogger(ManifestFolder.class);
    /** A pod manifest is a few KiB; anything far larger is a mistake, not read into memory. */
    static final long MAX_BYTES = 1024 * 1024;

    private record Seen(FileTime modified, long size, Optional<JsonNode> pod) {
    }

    private final Path folder;
    private final String nodeName;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Set<Path> loggedDuplicates = new HashSet<>();

    public ManifestFolder(Path folder, String nodeName) {
        this.folder = folder;
        this.nodeName = nodeName;
    }

    /** The static pods of the manifests now in the folder; none when it does not exist. */
    public List<JsonNode> read() {
        Set<Path> files = manifests();
        seen.keySet().retainAll(files);
        List<JsonNode> pods = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<Path> duplicates = new HashSet<>();
        for (Path file : files) {
            Optional<JsonNode> pod = podOf(file);
            if (pod.isEmpty()) {
                continue;
            }
            String key = pod.get().path("metadata").path("namespace").asText() + "/"
                    + pod.get().path("metadata").path("name").asText();
            if (names.add(key)) {
                pods.add(pod.get());
            } else {
                duplicates.add(file);
                if (loggedDuplicates.add(file)) {
                    LOG.warn("Static pod manifest {} ignored: another manifest already declares pod {}", file, key);
                }
            }
        }
        loggedDuplicates.retainAll(duplicates);
        return pods;
    }

    private Set<Path> manifests() {
        Set<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.{yaml,yml,json}")) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().startsWith(".") && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (NoSuchFileException absent) {
            return files;
        } catch (IOException e) {
            LOG.warn("Static pod manifests in {} not listed: {}", folder, e.getMessage());
        }
        return files;
    }

    private Optional<JsonNode> podOf(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.empty(); // removed meanwhile: the next read forgets it
        }
        Seen last = seen.get(file);
        if (last != null && last.modified().equals(attributes.lastModifiedTime()) && last.size() == attributes.size()) {
            return last.pod();
        }
        Optional<JsonNode> pod = parse(file, attributes.size());
        seen.put(file, new Seen(attributes.lastModifiedTime(), attributes.size(), pod));
        return pod;
    }

    private Optional<JsonNode> parse(Path file, long size) {
        try {
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException("larger than " + MAX_BYTES + " bytes");
            }
            byte[] bytes = Files.readAllBytes(file);
            JsonNode manifest = yaml.readTree(bytes);
            if (manifest == null) {
                throw new IllegalArgumentException("empty");
            }
            JsonNode pod = StaticPod.of(manifest, nodeName, bytes);
            LOG.info("Static pod {} from {}", pod.path("metadata").path("name").asText(), file);
            return Optional.of(pod);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Static pod manifest {} ignored: {}", file, e.getMessage());
            return Optional.empty();
        }
    }
}
