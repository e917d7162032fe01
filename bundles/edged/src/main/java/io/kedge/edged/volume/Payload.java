package io.kedge.edged.volume;

import io.kedge.edged.pod.PodSpecException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The files of one configMap, secret, projected or downward API volume, checked before anything is written. */
final class Payload {
    record File(byte[] bytes, int mode) {
    }

    private final String volume;
    private final TreeMap<String, File> files = new TreeMap<>();

    Payload(String volume) {
        this.volume = volume;
    }

    /** Adds a file; a path given twice, or both as a file and as a folder, is an invalid spec. */
    void put(String path, byte[] bytes, int mode) throws PodSpecException {
        ItemPath.check(path, "volume " + volume);
        String folder = path + "/";
        String after = files.ceilingKey(folder);
        boolean clash = files.containsKey(path) || after != null && after.startsWith(folder);
        for (int slash = path.indexOf('/'); slash > 0 && !clash; slash = path.indexOf('/', slash + 1)) {
            clash = files.containsKey(path.substring(0, slash));
        }
        if (clash) {
            throw new PodSpecException(PodSpecException.INVALID_SPEC,
                    "volume " + volume + ": more than one file at \"" + path + "\"");
        }
        files.put(path, new File(bytes, mode));
    }

    Map<String, File> files() {
        return Collections.unmodifiableMap(files);
    }

    Set<String> topLevelNames() {
        Set<String> names = new TreeSet<>();
        for (String path : files.keySet()) {
            int slash = path.indexOf('/');
            names.add(slash < 0 ? path : path.substring(0, slash));
        }
        return names;
    }
}
