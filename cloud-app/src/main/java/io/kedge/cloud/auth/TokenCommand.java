package io.kedge.cloud.auth;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.CommandLineOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code kedge-cloud token}: prints a fresh join token, creating the cluster CA on first use. */
public final class TokenCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    /** Opens the Kubernetes client for an optional kubeconfig file; the caller closes it. */
    @FunctionalInterface
    public interface ClientFactory {
        KubernetesClient open(Optional<Path> kubeconfig) throws Exception;
    }

    record Options(Optional<Path> kubeconfig, Duration ttl, String namespace, boolean help) {
    }

    private TokenCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err, ClientFactory clients) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("kedge token: " + e.getMessage());
            err.println("Run 'kedge token --help' for the options.");
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(usage());
            return EXIT_OK;
        }
        try (KubernetesClient client = clients.open(options.kubeconfig())) {
            ClusterCa ca = ClusterCa.loadOrCreate(client, options.namespace());
            out.println(new JoinTokens(ca).issue(options.ttl()));
            return EXIT_OK;
        } catch (Exception e) {
            err.println("kedge token: cannot issue a token: " + e);
            return EXIT_FAILED;
        }
    }

    static Options parse(List<String> args) {
        Optional<Path> kubeconfig = Optional.empty();
        Duration ttl = JoinTokens.DEFAULT_TTL;
        String namespace = ClusterCa.DEFAULT_NAMESPACE;
        CommandLineOptions.Parsed parsed = CommandLineOptions.parse(args, Set.of("--kubeconfig", "--ttl", "--namespace"));
        for (CommandLineOptions.Option option : parsed.options()) {
            String value = option.value();
            switch (option.name()) {
                case "--kubeconfig" -> kubeconfig = Optional.of(Path.of(value));
                case "--ttl" -> ttl = parseTtl(value);
                default -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--namespace must not be empty");
                    }
                    namespace = value;
                }
            }
        }
        return new Options(kubeconfig, ttl, namespace, parsed.help());
    }

    /** Accepts {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d} or ISO-8601 such as {@code PT24H}. */
    static Duration parseTtl(String text) {
        return CommandLineOptions.duration("--ttl", text);
    }

    public static String usage() {
        return """
                Usage: kedge token [options]

                Prints a new join token for edge nodes. Its form is KubeEdge's:
                <hex SHA-256 of the CA certificate>.<JWT>, so a node can check the CA it downloads.
                Creates the cluster CA (Secret kedge-ca) on first use.

                Options:
                  --kubeconfig FILE   Kubernetes API credentials. Default: in-cluster service
                                      account, else ~/.kube/config (KUBECONFIG).
                  --ttl DURATION      How long the token admits new nodes: 90s, 30m, 24h, 7d.
                                      Default: 24h
                  --namespace NS      Namespace of the CA Secret. Default: kedge
                  --help              Show this help.
                """;
    }
}
