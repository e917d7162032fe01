package io.kedge.cloud.devapi;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a kubeconfig whose cluster, context and user are all named "kedge". */
final class Kubeconfig {

  static final String NAME = "kedge";

  private Kubeconfig() {
  }

  static String render(String serverUrl) {
    return String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: " + NAME,
        "  cluster:",
        "    server: " + serverUrl,
        "contexts:",
        "- name: " + NAME,
        "  context:",
        "    cluster: " + NAME,
        "    user: " + NAME,
        "    namespace: default",
        "current-context: " + NAME,
        "users:",
        "- name: " + NAME,
        "  user: {}",
        "");
  }

  /** Whole or not at all, so a client polling for the file never reads half of it; 0600. */
  static void write(Path file, String serverUrl) throws IOException {
    PrivateFile.write(file, render(serverUrl));
  }
}
