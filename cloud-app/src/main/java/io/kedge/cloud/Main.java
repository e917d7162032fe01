package io.kedge.cloud;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code kedge-cloud [cloud|token|revoke] [options]}: the cloud-app, a join token
 * ({@code token create --node NAME | --any-node}; {@code create} may be left out), or a node's revocation.
 * The stand-in Kubernetes API for development is not in this jar: it is the devapi module's kedge-api.jar.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        boolean implicitCloud = args.length == 0 || args[0].startsWith("-");
        String command = implicitCloud ? "cloud" : args[0];
        String[] rest = implicitCloud ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "cloud" -> {
                int code = runCloud(List.of(rest), System.out, System.err);
                if (code != EXIT_OK) {
                    System.exit(code);
                }
            }
            case "token" -> {
                int code = io.kedge.cloud.auth.TokenCommand.run(List.of(rest), System.out, System.err, Main::newClient);
                if (code != EXIT_OK) {
                    System.exit(code);
                }
            }
            case "revoke" -> {
                int code = io.kedge.cloud.auth.RevokeCommand.run(List.of(rest), System.out, System.err, Main::newClient);
                if (code != EXIT_OK) {
                    System.exit(code);
                }
            }
            default -> {
                System.err.println("Unknown command '" + command + "'. Commands: cloud (default), token, revoke.");
                System.exit(EXIT_USAGE);
            }
        }
    }

    /** Runs the cloud-app until it is stopped; returns the exit code when it could not start. */
    static int runCloud(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        CloudOptions options;
        try {
            options = CloudOptions.parse(args);
        } catch (CloudOptions.InvalidOptionsException e) {
            err.println("kedge cloud: " + e.getMessage());
            err.println("Run 'kedge cloud --help' for the options.");
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(CloudOptions.usage());
            return EXIT_OK;
        }
        KubernetesClient client;
        CloudApp app;
        try {
            client = newClient(options.kubeconfig());
            app = CloudApp.start(options, client, CloudApp.Timings.defaults());
        } catch (Exception e) {
            err.println("kedge cloud: cannot start: " + e);
            return EXIT_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            client.close();
        }, "kedge-shutdown"));
        ExitOnSignal.install("TERM", EXIT_OK);
        ExitOnSignal.install("INT", EXIT_OK);
        app.awaitClosed();
        return EXIT_OK;
    }

    private static KubernetesClient newClient(Optional<Path> kubeconfig) throws IOException {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        if (kubeconfig.isPresent()) {
            builder.withConfig(Config.fromKubeconfig(Files.readString(kubeconfig.get())));
        }
        return builder.build();
    }
}
