package io.kedge.cloud.auth;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.CommandLineOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kedge-cloud token [create] (--node NAME | --any-node)}: prints a fresh join token, creating
 * the cluster CA on first use. The admin chooses the token's reach: one named node, once (the
 * normal case), or any node name until it expires (KubeEdge's {@code keadm gettoken}).
 */
public final class TokenCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    /** Opens the Kubernetes client for an optional kubeconfig file; the caller closes it. */
    @FunctionalInterface
    public interface ClientFactory {
        KubernetesClient open(Optional<Path> kubeconfig) throws Exception;
    }

    /** {@code node} empty means a cluster-wide token. */
    record Options(Optional<Path> kubeconfig, Optional<String> node, Duration ttl, String namespace, boolean help) {
    }

    private TokenCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err, ClientFactory clients) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("kedge token: " + e.getMessage());
            err.println("Run 'kedge token create --help' for the options.");
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(usage());
            return EXIT_OK;
        }
        try (KubernetesClient client = clients.open(options.kubeconfig())) {
            JoinTokens tokens = new JoinTokens(ClusterCa.loadOrCreate(client, options.namespace()));
            out.println(options.node().isPresent()
                    ? tokens.issueForNode(options.node().get(), options.ttl())
                    : tokens.issueForAnyNode(options.ttl()));
            return EXIT_OK;
        } catch (Exception e) {
            err.println("kedge token: cannot issue a token: " + e);
            return EXIT_FAILED;
        }
    }

    static Options parse(List<String> args) {
        List<String> rest = !args.isEmpty() && args.get(0).equals("create") ? args.subList(1, args.size()) : args;
        Optional<Path> kubeconfig = Optional.empty();
        Optional<String> node = Optional.empty();
        boolean anyNode = false;
        Optional<Duration> ttl = Optional.empty();
        String namespace = ClusterCa.DEFAULT_NAMESPACE;
        CommandLineOptions.Parsed parsed = CommandLineOptions.parse(rest,
                Set.of("--kubeconfig", "--ttl", "--namespace", "--node"), Set.of("--any-node"));
        for (CommandLineOptions.Option option : parsed.options()) {
            String value = option.value();
            switch (option.name()) {
                case "--kubeconfig" -> kubeconfig = Optional.of(Path.of(value));
                case "--ttl" -> ttl = Optional.of(parseTtl(value));
                case "--any-node" -> anyNode = true;
                case "--node" -> {
                    if (!NodeCertificates.isValidNodeName(value)) {
                        throw new IllegalArgumentException("--node must be a node name (DNS-1123, lower case), got '"
                                + value + "'");
                    }
                    node = Optional.of(value);
                }
                default -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--namespace must not be empty");
                    }
                    namespace = value;
                }
            }
        }
        if (!parsed.help() && node.isPresent() == anyNode) {
            throw new IllegalArgumentException(anyNode
                    ? "--node and --any-node exclude each other"
                    : "say which node may join: --node NAME (single use), or --any-node (any name, until it expires)");
        }
        Duration lifetime = ttl.orElse(anyNode ? JoinTokens.DEFAULT_ANY_NODE_TTL : JoinTokens.DEFAULT_NODE_TTL);
        return new Options(kubeconfig, node, lifetime, namespace, parsed.help());
    }

    /** Accepts {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d} or ISO-8601 such as {@code PT24H}. */
    static Duration parseTtl(String text) {
        return CommandLineOptions.duration("--ttl", text);
    }

    public static String usage() {
        return """
                Usage: kedge token create --node NAME [options]
                       kedge token create --any-node [options]

                Prints a new join token for edge nodes. Its form is KubeEdge's:
                <hex SHA-256 of the CA certificate>.<JWT>, so a node can check the CA it downloads.
                Creates the cluster CA (Secret kedge-ca) on first use.

                  --node NAME         The token admits only node NAME, and only once: it is used up
                                      when that node gets its certificate (recorded in ConfigMap
                                      kedge-join-tokens-used). The normal way to add a node.
                  --any-node          The token admits any number of nodes under any names until it
                                      expires (as KubeEdge's keadm gettoken): for fleets you trust
                                      the token's holders with. Keep its lifetime short.
                  --ttl DURATION      How long the token admits nodes: 90s, 30m, 24h, 7d.
                                      Default: 1h with --node, 24h with --any-node
                  --kubeconfig FILE   Kubernetes API credentials. Default: in-cluster service
                                      account, else ~/.kube/config (KUBECONFIG).
                  --namespace NS      Namespace of the CA Secret. Default: kedge
                  --help              Show this help.
                """;
    }
}
