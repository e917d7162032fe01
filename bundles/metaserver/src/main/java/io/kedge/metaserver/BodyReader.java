package io.kedge.metaserver;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body within bounds: at most {@code maxBytes}, and only while the budget shared by
 * all connections has room for it. A declared length is checked before a byte is read; a chunked
 * body is counted as it arrives. The bytes stay taken from the budget until the {@link Body} closes.
 */
final class BodyReader {
    private static final int STEP = 16 * 1024;

    private final int maxBytes;
    private final BodyBudget budget;

    BodyReader(int maxBytes, BodyBudget budget) {
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /** A body read whole; closing it gives its bytes back to the budget. */
    final class Body implements AutoCloseable {
        private final byte[] bytes;
        private final long taken;

        private Body(byte[] bytes, long taken) {
            this.bytes = bytes;
            this.taken = taken;
        }

        byte[] bytes() {
            return bytes;
        }

        @Override
        public void close() {
            budget.giveBack(taken);
        }
    }

    /**
     * @throws ApiError 413 when the body is larger than allowed, 429 when the shared budget has no
     *                  room for it now, 400 when it ends before its declared length
     */
    Body read(HttpExchange exchange) throws IOException, ApiError {
        return read(exchange.getRequestHeaders().getFirst("Content-Length"), exchange.getRequestBody());
    }

    /** As above, from the Content-Length header (null when the body is chunked) and the body stream. */
    Body read(String declared, InputStream in) throws IOException, ApiError {
        return declared == null ? readChunked(in) : readDeclared(in, declared.trim());
    }

    private Body readDeclared(InputStream in, String declared) throws IOException, ApiError {
        long length;
        try {
            length = Long.parseLong(declared);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid Content-Length");
        }
        if (length < 0) {
            throw ApiError.badRequest("invalid Content-Length");
        }
        if (length > maxBytes) {
            throw tooLarge();
        }
        take(length);
        try {
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length < length) {
                throw ApiError.badRequest("the body ended after " + bytes.length + " of " + length + " bytes");
            }
            return new Body(bytes, length);
        } catch (IOException | ApiError | RuntimeException e) {
            budget.giveBack(length);
            throw e;
        }
    }

    private Body readChunked(InputStream in) throws IOException, ApiError {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[STEP];
        long taken = 0;
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (body.size() + (long) read > maxBytes) {
                    throw tooLarge();
                }
                take(read);
                taken += read;
                body.write(buffer, 0, read);
            }
            return new Body(body.toByteArray(), taken);
        } catch (IOException | ApiError | RuntimeException e) {
            budget.giveBack(taken);
            throw e;
        }
    }

    private void take(long bytes) throws ApiError {
        if (!budget.tryTake(bytes)) {
            throw ApiError.busy("too many request bodies in flight; retry shortly");
        }
    }

    private ApiError tooLarge() {
        return new ApiError(413, "RequestEntityTooLarge", "request body larger than " + maxBytes + " bytes");
    }
}
