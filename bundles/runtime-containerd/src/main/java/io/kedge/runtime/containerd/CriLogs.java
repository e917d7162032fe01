package io.kedge.runtime.containerd;

import io.kedge.runtime.api.LogChunk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the log files containerd writes for CRI containers. Each line there is
 * {@code <RFC3339Nano time> <stdout|stderr> <P|F> <text>}: F ends a line of the container's
 * output, P is a part of a longer one. The chunk holds the container's bytes (text, plus a newline
 * after each F); offsets are positions in the file, so a read resumes at a line boundary.
 */
final class CriLogs {
    private CriLogs() {
    }

    static LogChunk read(Path file, long offset, int maxBytes, boolean exited) throws IOException {
        if (!Files.exists(file)) {
            return new LogChunk(new byte[0], offset, exited);
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = Math.min(Math.max(0, offset), length);
            // read a window a bit larger than maxBytes: the prefixes take room too
            int window = (int) Math.min(length - start, Math.max(4096L, 2L * maxBytes + 256));
            byte[] raw = new byte[window];
            in.seek(start);
            in.readFully(raw);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int consumed = 0;
            int lineStart = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] != '\n') {
                    continue;
                }
                byte[] text = content(raw, lineStart, i);
                if (out.size() > 0 && out.size() + text.length > maxBytes) {
                    break;
                }
                out.write(text, 0, text.length);
                lineStart = i + 1;
                consumed = lineStart;
                if (out.size() >= maxBytes) {
                    break;
                }
            }
            long next = start + consumed;
            return new LogChunk(out.toByteArray(), next, exited && next >= length);
        }
    }

    /** The container's bytes of one log line {@code raw[from, to)} (without its newline). */
    static byte[] content(byte[] raw, int from, int to) {
        int firstSpace = indexOf(raw, from, to);
        int secondSpace = firstSpace < 0 ? -1 : indexOf(raw, firstSpace + 1, to);
        int thirdSpace = secondSpace < 0 ? -1 : indexOf(raw, secondSpace + 1, to);
        if (thirdSpace < 0) {
            // not CRI format (or an empty partial line): keep the line as it is
            byte[] whole = new byte[to - from + 1];
            System.arraycopy(raw, from, whole, 0, to - from);
            whole[whole.length - 1] = '\n';
            return whole;
        }
        boolean full = raw[secondSpace + 1] == 'F';
        int textLength = to - thirdSpace - 1;
        byte[] text = new byte[textLength + (full ? 1 : 0)];
        System.arraycopy(raw, thirdSpace + 1, text, 0, textLength);
        if (full) {
            text[textLength] = '\n';
        }
        return text;
    }

    private static int indexOf(byte[] raw, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    static String text(LogChunk chunk) {
        return new String(chunk.data(), StandardCharsets.UTF_8);
    }
}
