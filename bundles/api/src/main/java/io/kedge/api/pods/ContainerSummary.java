package io.kedge.api.pods;

import java.util.OptionalInt;

/**
 * One container of a pod as last reported.
 *
 * @param name         the container's name
 * @param state        {@code running}, {@code waiting}, {@code terminated}, or empty when unknown
 * @param stateReason  the reason of a waiting or terminated state (e.g. CrashLoopBackOff), else empty
 * @param ready        whether it passes its readiness probe
 * @param restartCount how often it was restarted
 * @param lastReason   the reason its previous run ended (e.g. Error, OOMKilled), empty if it never ended
 * @param lastExitCode the exit code of its previous run, empty if it never ended
 */
public record ContainerSummary(String name, String state, String stateReason, boolean ready, int restartCount,
        String lastReason, OptionalInt lastExitCode) {
}
