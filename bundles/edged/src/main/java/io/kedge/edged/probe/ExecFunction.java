package io.kedge.edged.probe;

import io.kedge.runtime.api.ExecResult;
import io.kedge.runtime.api.RuntimeFailure;
import java.time.Duration;
import java.util.List;

/** Runs a command in the probed container: the runtime's exec, bound to one container by the caller. */
@FunctionalInterface
public interface ExecFunction {
    ExecResult exec(List<String> command, Duration timeout) throws RuntimeFailure;
}
