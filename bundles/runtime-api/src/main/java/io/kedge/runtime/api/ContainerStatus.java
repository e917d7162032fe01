package io.kedge.runtime.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A container as the runtime sees it.
 *
 * @param id         the runtime's id
 * @param sandboxId  the sandbox it belongs to
 * @param name       its name in the pod
 * @param attempt    the attempt it was created with
 * @param state      where it is in its life
 * @param image      the image as the pod named it
 * @param imageId    the image's id in the runtime
 * @param createdAt  when it was created
 * @param startedAt  when it started; null if it never did
 * @param finishedAt when it exited; null while it runs or never ran
 * @param exitCode   its exit code once {@link State#EXITED}
 * @param reason     short reason for its state (e.g. {@code Completed}, {@code Error}, {@code OOMKilled}), may be empty
 * @param message    longer detail, may be empty
 * @param labels     the labels it was created with
 */
public record ContainerStatus(String id, String sandboxId, String name, int attempt, State state, String image,
        String imageId, Instant createdAt, Instant startedAt, Instant finishedAt, int exitCode, String reason,
        String message, Map<String, String> labels) {

    public enum State { CREATED, RUNNING, EXITED, UNKNOWN }

    public ContainerStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        imageId = imageId == null ? "" : imageId;
        labels = Map.copyOf(labels);
    }
}
