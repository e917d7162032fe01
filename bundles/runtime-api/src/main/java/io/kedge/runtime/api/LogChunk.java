package io.kedge.runtime.api;

/**
 * Part of a container log.
 *
 * @param data       the bytes read
 * @param nextOffset where the next read starts
 * @param complete   true when the container has exited and nothing follows {@code nextOffset}
 */
public record LogChunk(byte[] data, long nextOffset, boolean complete) {
}
