package io.kedge.distro.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ./kedge edge [join] ...}: checks the options, prepares the node's folder ({@link NodeFolder}) and
 * writes the node's JVM command into {@code -Dkedge.command.file} (its working folder, then the command, each
 * ended by a NUL); the {@code kedge} script then {@code exec}s it.
 * <p>
 * Why not start the node from here: Java cannot exec. A launcher JVM kept as the node's parent would add its
 * heap to the gateway's memory, and a {@code kill -9} of the PID a supervisor (or an end-to-end test) holds
 * would leave the node running. With exec, that PID is the node, as before.
 */
public final class EdgeLauncher {
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;
    static final String DEFAULT_JAVA_OPTS = "-Xmx96m -XX:+UseSerialGC -Xss512k";

    private EdgeLauncher() {
    }

    public static void main(String[] args) {
        Path commandFile = Path.of(required("kedge.command.file"));
        int code = run(List.of(args), commandFile, required("kedge.java"), Path.of(required("kedge.edge.jar")),
                System.getenv(), System.out, System.err);
        System.exit(code);
    }

    /** Prepares the node and writes its command; returns the exit code, with nothing written unless 0. */
    static int run(List<String> args, Path commandFile, String java, Path edgeJar, Map<String, String> env,
            PrintStream out, PrintStream err) {
        try {
            EdgeOptions options = EdgeOptions.parse(args);
            if (options.help()) {
                out.print(usage());
                return EXIT_OK;
            }
            options.validate();
            if (!Files.isRegularFile(edgeJar)) {
                throw new EdgeOptions.UsageException("missing " + edgeJar + ": run ./kedge build", false);
            }
            NodeFolder folder = new NodeFolder(options.data().orElseThrow().toAbsolutePath().normalize(), err);
            folder.prepare(options);
            List<String> command = command(folder, java, edgeJar, env.get("KEDGE_EDGE_JAVA_OPTS"));
            PrivateFiles.write(commandFile, String.join("\0", command) + "\0");
            return EXIT_OK;
        } catch (EdgeOptions.UsageException e) {
            if (e.showUsage) {
                err.print(usage());
            }
            err.println("kedge: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("kedge: cannot prepare the node's folder: " + e);
            return EXIT_USAGE;
        }
    }

    /** The node's working folder, then its JVM command line. */
    static List<String> command(NodeFolder folder, String java, Path edgeJar, String javaOpts) throws IOException {
        List<String> command = new ArrayList<>(List.of(folder.data().toString(), java));
        String opts = javaOpts == null || javaOpts.isBlank() ? DEFAULT_JAVA_OPTS : javaOpts;
        command.addAll(Arrays.stream(opts.trim().split("\\s+")).toList());
        command.addAll(List.of(
                "-Dkedge.data=" + folder.data(),
                // FileInstall watches each folder of the list: configurations in etc, bundle jars in deploy
                "-Dfelix.fileinstall.dir=" + folder.etc() + "," + folder.deploy(),
                "-Dorg.osgi.framework.storage=" + folder.data().resolve("cache"),
                // Jetty starts before ConfigAdmin delivers its configuration: give it the port up front.
                "-Dorg.osgi.service.http.port=" + folder.httpPort(),
                "-jar", edgeJar.toString()));
        return command;
    }

    static String usage() {
        try (InputStream in = EdgeLauncher.class.getResourceAsStream("usage.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            return "Usage: ./kedge edge [join] --data DIR [OPTIONS]\n";
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            System.err.println("kedge: the launcher needs -D" + property + " (run it through ./kedge edge)");
            System.exit(EXIT_USAGE);
        }
        return value;
    }
}
