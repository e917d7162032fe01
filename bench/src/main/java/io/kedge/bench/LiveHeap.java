package io.kedge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM: {@code jcmd PID GC.class_histogram} collects garbage first (a full GC)
 * and then counts what is left, so its total is the retained heap without allocation noise.
 */
public final class LiveHeap {
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private LiveHeap() {
    }

    /** Bytes of live objects in the JVM with this process id, right after a full GC. */
    public static long bytes(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.class_histogram failed: " + output);
        }
        return parseTotal(output);
    }

    static long parseTotal(String histogram) {
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("no Total line in the class histogram");
        }
        return Long.parseLong(total.group(1));
    }
}
