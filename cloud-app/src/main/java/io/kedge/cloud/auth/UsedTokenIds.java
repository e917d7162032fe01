package io.kedge.cloud.auth;

import java.time.Instant;

/** The ids of single-use join tokens that have admitted their node. Shared by every cloud-app replica. */
public interface UsedTokenIds {
    /** The record cannot be read or written now (API server down, conflicts without end); try again later. */
    final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    boolean isUsed(String id) throws UnavailableException;

    /**
     * Records {@code id} as used, atomically across replicas.
     *
     * @param expiry when the token expires: from then on the id is worthless and may be forgotten
     * @return false when the id was recorded before (someone else used the token first)
     */
    boolean markUsed(String id, String node, Instant expiry) throws UnavailableException;
}
