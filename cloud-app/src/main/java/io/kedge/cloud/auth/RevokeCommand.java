package io.kedge.cloud.auth;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.CommandLineOptions;
import io.kedge.cloud.hub.NodeNames;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kedge-cloud revoke --node NAME}: every certificate the node holds now stops working, its
 * open session is closed, and it may come back only by joining again with a new token.
 */
public final class RevokeCommand {

    record Options(Optional<Path> kubeconfig, String node, String namespace, boolean help) {
    }

    private RevokeCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err, TokenCommand.ClientFactory clients) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("kedge revoke: " + e.getMessage());
            err.println("Run 'kedge revoke --help' for the options.");
            return TokenCommand.EXIT_USAGE;
        }
        if (options.help()) {
            out.print(usage());
            return TokenCommand.EXIT_OK;
        }
        try (KubernetesClient client = clients.open(options.kubeconfig())) {
            Instant now = Instant.now();
            NodeRevocations.revoke(client, options.namespace(), options.node(), now);
            out.println("node " + options.node() + ": certificates issued until " + now + " revoked");
            return TokenCommand.EXIT_OK;
        } catch (Exception e) {
            err.println("kedge revoke: cannot revoke node " + options.node() + ": " + e);
            return TokenCommand.EXIT_FAILED;
        }
    }

    static Options parse(List<String> args) {
        Optional<Path> kubeconfig = Optional.empty();
        String node = null;
        String namespace = ClusterCa.DEFAULT_NAMESPACE;
        CommandLineOptions.Parsed parsed = CommandLineOptions.parse(args, Set.of("--kubeconfig", "--node", "--namespace"));
        for (CommandLineOptions.Option option : parsed.options()) {
            switch (option.name()) {
                case "--kubeconfig" -> kubeconfig = Optional.of(Path.of(option.value()));
                case "--node" -> node = option.value();
                default -> namespace = option.value();
            }
        }
        if (!parsed.help()) {
            if (node == null || !NodeNames.isValid(node)) {
                throw new IllegalArgumentException("--node NAME (a DNS-1123 name) is required");
            }
            if (namespace.isBlank()) {
                throw new IllegalArgumentException("--namespace must not be empty");
            }
        }
        return new Options(kubeconfig, node, namespace, parsed.help());
    }

    public static String usage() {
        return """
                Usage: kedge revoke --node NAME [options]

                Revokes every certificate node NAME holds now: the hub closes its session and
                refuses it, and the certificate server refuses to renew it. The node can come back
                only by joining again with a new token. Recorded in ConfigMap kedge-revoked-nodes.

                Options:
                  --node NAME         The node to revoke.
                  --kubeconfig FILE   Kubernetes API credentials. Default: in-cluster service
                                      account, else ~/.kube/config (KUBECONFIG).
                  --namespace NS      Namespace of the cluster CA. Default: kedge
                  --help              Show this help.
                """;
    }
}
