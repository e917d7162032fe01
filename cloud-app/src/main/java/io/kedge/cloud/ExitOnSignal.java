package io.kedge.cloud;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM/SIGINT a clean exit (code 0 instead of 143/130): shutdown hooks still run, through
 * {@link System#exit}. Uses sun.misc.Signal, which every OpenJDK has; without it the JVM's default
 * handling (hooks, then 128+signal) remains.
 */
final class ExitOnSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ExitOnSignal.class);

    private ExitOnSignal() {
    }

    static void install(String signal, int exitCode) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                // System.exit blocks until the hooks are done, so not on the signal dispatcher itself.
                Thread exit = new Thread(() -> System.exit(exitCode), "kedge-exit-" + signal);
                exit.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("Cannot handle SIG{}: {}", signal, e.getMessage());
        }
    }
}
