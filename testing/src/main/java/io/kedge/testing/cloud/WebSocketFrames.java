package io.kedge.testing.cloud;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The server side of RFC 6455, only as much as a test cloud needs. */
final class WebSocketFrames {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    record Frame(boolean fin, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or 1005 ("no status") when it carries none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    /** The upgrade request: its path and headers (names in lower case). */
    record Upgrade(String path, Map<String, String> headers) {
        String key() {
            return headers.get("sec-websocket-key");
        }
    }

    private WebSocketFrames() {
    }

    /** Reads the HTTP request head byte by byte, so no frame bytes after it are consumed. */
    static Upgrade readUpgrade(InputStream in) throws IOException {
        String requestLine = readLine(in);
        String[] parts = requestLine.split(" ");
        if (parts.length < 3 || !parts[0].equals("GET")) {
            throw new IOException("not a WebSocket upgrade: " + requestLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new Upgrade(parts[1], headers);
    }

    static void writeSwitchingProtocols(OutputStream out, String key) throws IOException {
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptFor(key) + "\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-1", e);
        }
    }

    /** Reads one frame; a client must mask its frames, and the mask is removed here. */
    static Frame read(InputStream in) throws IOException {
        int b0 = readByte(in);
        int b1 = readByte(in);
        long length = b1 & 0x7F;
        if (length == 126) {
            length = ((long) readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
        }
        if (length > MAX_PAYLOAD) {
            throw new IOException("frame of " + length + " bytes is beyond what the test cloud reads");
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] mask = masked ? readExactly(in, 4) : null;
        byte[] payload = readExactly(in, (int) length);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    /** Writes one unmasked frame (servers never mask). */
    static void write(OutputStream out, boolean fin, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xFF));
            }
        }
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    static byte[] closePayload(int code) {
        return new byte[] {(byte) (code >>> 8), (byte) code};
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = readByte(in); c != '\n'; c = readByte(in)) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection closed inside a frame");
        }
        return bytes;
    }
}
