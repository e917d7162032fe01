package io.kedge.testing.cloud;

import io.kedge.protocol.Acks;
import io.kedge.protocol.DecodedEntry;
import io.kedge.protocol.Message;
import io.kedge.protocol.MessageCodec;
import io.kedge.protocol.Operations;
import io.kedge.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** One WebSocket session of an edge node with the {@link FakeCloud}, as the cloud sees it. */
public final class CloudConnection {
    private static final MessageCodec CODEC = new MessageCodec();

    private final Socket socket;
    private final String path;
    private final Map<String, String> headers;
    private final OutputStream out;
    private final BiConsumer<CloudConnection, Message> onMessage;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final List<String> undecodable = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    private volatile Integer closeCodeFromEdge;

    private CloudConnection(Socket socket, WebSocketFrames.Upgrade upgrade, OutputStream out,
            BiConsumer<CloudConnection, Message> onMessage) {
        this.socket = socket;
        this.path = upgrade.path();
        this.headers = upgrade.headers();
        this.out = out;
        this.onMessage = onMessage;
    }

    /**
     * Completes the upgrade handshake and starts reading frames on a thread of its own; the
     * connection is {@code opened} before the node learns of it, so a test may send at once.
     */
    static CloudConnection accept(Socket socket, Consumer<CloudConnection> opened,
            BiConsumer<CloudConnection, Message> onMessage) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        WebSocketFrames.Upgrade upgrade = WebSocketFrames.readUpgrade(in);
        if (upgrade.key() == null) {
            throw new IOException("upgrade request without Sec-WebSocket-Key");
        }
        OutputStream out = socket.getOutputStream();
        CloudConnection connection = new CloudConnection(socket, upgrade, out, onMessage);
        opened.accept(connection);
        WebSocketFrames.writeSwitchingProtocols(out, upgrade.key());
        Thread reader = new Thread(() -> connection.readLoop(in), "fake-cloud-reader " + upgrade.path());
        reader.setDaemon(true);
        reader.start();
        return connection;
    }

    public String path() {
        return path;
    }

    /** The node this session speaks for: the second segment of {@code /<project>/<node>/events}. */
    public String nodeName() {
        String[] segments = path.split("/");
        return segments.length > 2 ? segments[2] : "";
    }

    /** A header of the upgrade request, by lower-case name. */
    public String header(String name) {
        return headers.get(name);
    }

    public boolean isOpen() {
        return open;
    }

    /** The status code of the close frame the edge sent, or null when it sent none (yet). */
    public Integer closeCodeFromEdge() {
        return closeCodeFromEdge;
    }

    /** Every envelope the edge sent on this connection, in order. */
    public List<Message> received() {
        return List.copyOf(received);
    }

    /**
     * The edge's answer to the message with this id: a response or error naming it, or the
     * {@code ack} that took it among others.
     */
    public Optional<Message> answerTo(String messageId) {
        for (Message message : received()) {
            if (messageId.equals(message.parentId()) || isAckOf(message, messageId)) {
                return Optional.of(message);
            }
        }
        return Optional.empty();
    }

    private static boolean isAckOf(Message message, String messageId) {
        try {
            return Operations.ACK.equals(message.operation()) && Acks.ids(message).contains(messageId);
        } catch (ProtocolException e) {
            return false;
        }
    }

    /** Text messages the edge sent that were not valid envelopes. */
    public List<String> undecodable() {
        return List.copyOf(undecodable);
    }

    public void send(Message message) {
        try {
            sendText(CODEC.encode(message));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("cannot encode " + message, e);
        }
    }

    public void sendText(String text) {
        writeFrame(true, WebSocketFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one text message split into {@code parts} frames (a text frame and continuations). */
    public void sendFragmented(String text, int parts) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int step = (bytes.length + parts - 1) / parts;
        synchronized (out) {
            for (int start = 0, i = 0; start < bytes.length; start += step, i++) {
                byte[] part = Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + step));
                boolean last = start + step >= bytes.length;
                writeFrame(last, i == 0 ? WebSocketFrames.TEXT : WebSocketFrames.CONTINUATION, part);
            }
        }
    }

    /** Cuts the TCP connection without a close frame, as a crashing cloud would. */
    public void drop() {
        open = false;
        closeQuietly();
    }

    /** Frames from the edge under test, which may send anything: kept (or counted undecodable), never trusted. */
    private void readLoop(InputStream in) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            while (open) {
                WebSocketFrames.Frame frame = WebSocketFrames.read(in);
                switch (frame.opcode()) {
                    case WebSocketFrames.TEXT, WebSocketFrames.CONTINUATION -> {
                        text.write(frame.payload());
                        if (frame.fin()) {
                            record(text.toString(StandardCharsets.UTF_8));
                            text.reset();
                        }
                    }
                    case WebSocketFrames.PING -> writeFrame(true, WebSocketFrames.PONG, frame.payload());
                    case WebSocketFrames.CLOSE -> {
                        closeCodeFromEdge = frame.closeCode();
                        writeFrame(true, WebSocketFrames.CLOSE, WebSocketFrames.closePayload(frame.closeCode()));
                        open = false;
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            open = false;
        } finally {
            closeQuietly();
        }
    }

    private void record(String frame) {
        List<DecodedEntry> entries;
        try {
            entries = CODEC.decodeFrame(frame);
        } catch (ProtocolException e) {
            undecodable.add(frame);
            return;
        }
        for (DecodedEntry entry : entries) {
            Message message = entry.message().orElse(null);
            if (message == null) {
                undecodable.add(entry.json().toString());
                continue;
            }
            received.add(message);
            onMessage.accept(this, message);
        }
    }

    private void writeFrame(boolean fin, int opcode, byte[] payload) {
        synchronized (out) {
            try {
                WebSocketFrames.write(out, fin, opcode, payload);
            } catch (IOException e) {
                // the edge is gone; the test sees that through isOpen() and its own expectations
                open = false;
            }
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "connection " + path + (open ? " (open)" : " (closed, edge sent " + closeCodeFromEdge + ")");
    }
}
