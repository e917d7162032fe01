package io.kedge.cloud.devapi;

import java.nio.file.Path;

/** Command line of {@link EmbeddedApiServer#main}. */
record ServerOptions(int port, Path kubeconfig, Path stateFile, boolean gracefulPodDeletion, boolean help) {

  static final String USAGE = String.join("\n",
      "Usage: EmbeddedApiServer [--port N] [--kubeconfig FILE] [--state FILE] [--graceful-pod-deletion] [--help]",
      "  --port N           listen on 127.0.0.1:N (default 0 = any free port)",
      "  --kubeconfig FILE  write a kubeconfig (cluster/context/user 'kedge') pointing at the server",
      "  --state FILE       load objects from FILE at start, save them there every 2 s and on shutdown",
      "  --graceful-pod-deletion  a deleted pod bound to a node stays Terminating until its node ends it",
      "                     (as in a real cluster; a node that runs no pods never does)",
      "  --help             print this text");

  static ServerOptions parse(String... args) {
    int port = 0;
    Path kubeconfig = null;
    Path state = null;
    boolean graceful = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          return new ServerOptions(0, null, null, false, true);
        }
        case "--port" -> port = parsePort(value(args, ++i, "--port"));
        case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i, "--kubeconfig"));
        case "--state" -> state = Path.of(value(args, ++i, "--state"));
        case "--graceful-pod-deletion" -> graceful = true;
        default -> throw new IllegalArgumentException("Unknown option: " + args[i]);
      }
    }
    return new ServerOptions(port, kubeconfig, state, graceful, false);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be 0..65535: " + text);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number: " + text, e);
    }
  }
}
