package io.kedge.runtime.api;

/**
 * What a command run in a container gave.
 *
 * @param exitCode its exit code
 * @param stdout   its standard output (bounded by the runtime)
 * @param stderr   its standard error (bounded by the runtime)
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
}
