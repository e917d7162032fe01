package io.kedge.edged.volume;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.edged.env.PodJson;
import io.kedge.edged.pod.PodSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A hostPath volume: checked against the node's {@link HostPathPolicy} first, then its
 * {@code type} honoured (created for {@code DirectoryOrCreate}/{@code FileOrCreate}, checked for
 * the others). A type check that fails makes the pod wait, as the kubelet's mount does.
 */
final class HostPathVolume {
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;
    private static final int CHAR_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;

    private final HostPathPolicy policy;

    HostPathVolume(HostPathPolicy policy) {
        this.policy = policy;
    }

    Path prepare(JsonNode source, String volume) throws PodSpecException, IOException {
        String text = PodJson.required(source, "path", "volume " + volume + " hostPath");
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException unusable) {
            throw PodJson.invalid("volume " + volume + ": hostPath \"" + text + "\" is not a path");
        }
        policy.check(path);
        String type = PodJson.text(source, "type", "");
        switch (type) {
            case "":
                break;
            case "DirectoryOrCreate":
                if (!Files.exists(path)) {
                    Files.createDirectories(path);
                }
                expect(Files.isDirectory(path), path, "a directory", volume);
                break;
            case "Directory":
                expect(Files.isDirectory(path), path, "an existing directory", volume);
                break;
            case "FileOrCreate":
                if (!Files.exists(path)) {
                    Files.createDirectories(path.getParent());
                    Files.createFile(path);
                    AtomicWriter.setMode(path, 0644);
                }
                expect(Files.isRegularFile(path), path, "a file", volume);
                break;
            case "File":
                expect(Files.isRegularFile(path), path, "an existing file", volume);
                break;
            case "Socket":
                expect(isSpecial(path, SOCKET), path, "a socket", volume);
                break;
            case "CharDevice":
                expect(isSpecial(path, CHAR_DEVICE), path, "a character device", volume);
                break;
            case "BlockDevice":
                expect(isSpecial(path, BLOCK_DEVICE), path, "a block device", volume);
                break;
            default:
                throw PodJson.invalid("volume " + volume + ": hostPath type \"" + type + "\" is not known");
        }
        return path;
    }

    private static boolean isSpecial(Path path, int kind) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode") & FILE_TYPE_MASK) == kind;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
        } catch (IOException absent) {
            return false;
        }
    }

    private static void expect(boolean holds, Path path, String what, String volume) throws PodSpecException {
        if (!holds) {
            throw PodJson.configError("volume " + volume + ": hostPath " + path + " is not " + what);
        }
    }
}
