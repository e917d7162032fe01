package io.kedge.api.meta;

/**
 * What became of the object changes the cloud sent, since the store opened.
 *
 * @param applied    changes that altered the store
 * @param duplicates changes ignored because the store held that very version already
 * @param older      changes ignored because the store held a newer version
 */
public record ApplyStats(long applied, long duplicates, long older) {
    public static final ApplyStats NONE = new ApplyStats(0, 0, 0);
}
