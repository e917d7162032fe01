package io.kedge.distro.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The node's folder DIR: DIR/etc/*.cfg seeded on the first start (ConfigAdmin through FileInstall reads them,
 * and edits apply live), DIR/deploy for bundle jars FileInstall installs, updates and uninstalls (mappers), the
 * join token in DIR/certs/join.token (0600 in 0700) until the node holds a
 * certificate. Options only seed a new node; {@code join} on a configured node gives a new token and, when
 * given, the cloud's addresses.
 */
final class NodeFolder {
    static final String NODE_CFG = "io.kedge.node.cfg";
    static final String HUB_CFG = "io.kedge.edgehub.cfg";
    static final String METASERVER_CFG = "io.kedge.metaserver.cfg";
    static final String EVENTBUS_CFG = "io.kedge.eventbus.cfg";
    static final String HTTP_CFG = "org.apache.felix.http.cfg";
    static final String CONSOLE_CFG = "org.apache.felix.webconsole.internal.servlet.OsgiManager.cfg";
    static final String HTTP_PORT_KEY = "org.osgi.service.http.port";

    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern HAS_PORT = Pattern.compile(".*:[0-9]+/?");
    private static final Pattern NODE_NAME_LINE = Pattern.compile("node\\.name *=.*");
    private static final Pattern CLOUD_ADDRESS_LINE = Pattern.compile("(cloud\\.url|cert\\.url) *=.*");
    private static final Pattern TOKEN_LINE = Pattern.compile("\\.token *=.*");

    private final Path data;
    private final Path etc;
    private final Path deploy;
    private final PrintStream log;
    private final Predicate<String> bridgeInUse;

    /** {@code data} absolute; {@code log} gets the notes the user should see (stderr). */
    NodeFolder(Path data, PrintStream log) {
        this(data, log, PodNetwork::bridgeCarriesPods);
    }

    /** {@code bridgeInUse}: whether a bridge of that name carries pods on this machine ({@link PodNetwork}). */
    NodeFolder(Path data, PrintStream log, Predicate<String> bridgeInUse) {
        this.data = data;
        this.etc = data.resolve("etc");
        this.deploy = data.resolve("deploy");
        this.log = log;
        this.bridgeInUse = bridgeInUse;
    }

    Path data() {
        return data;
    }

    Path etc() {
        return etc;
    }

    /** Where bundle jars are dropped to be installed (a mapper); FileInstall watches it beside {@link #etc}. */
    Path deploy() {
        return deploy;
    }

    /** Creates and tightens the folder, then seeds, re-joins or leaves the configuration as the options say. */
    void prepare(EdgeOptions options) throws IOException, EdgeOptions.UsageException {
        if (data.toString().contains(",")) {
            throw refusal("--data " + data + ": the folder's path must not contain a comma (FileInstall reads its"
                    + " folders, DIR/etc and DIR/deploy, as a comma-separated list)");
        }
        PrivateFiles.createFolder(etc);
        // also for nodes made before the deploy folder existed
        PrivateFiles.createFolder(deploy);
        PrivateFiles.removeGroupAndOthers(data);
        if (!isConfigured()) {
            seed(options);
        } else if (options.join()) {
            rejoin(options);
        } else if (options.givesSettings()) {
            log.println("kedge: note: " + etc + " already holds this node's configuration; edit those files"
                    + " instead of passing options");
        }
        forgetConfiguredToken();
    }

    /** The console's port, which Jetty needs before ConfigAdmin delivers its configuration. */
    String httpPort() throws IOException {
        return lines(etc.resolve(HTTP_CFG)).stream().filter(line -> line.startsWith(HTTP_PORT_KEY + "="))
                .map(line -> line.substring(HTTP_PORT_KEY.length() + 1)).findFirst().orElse("8080");
    }

    private boolean isConfigured() throws IOException {
        return lines(etc.resolve(NODE_CFG)).stream().anyMatch(line -> NODE_NAME_LINE.matcher(line).matches());
    }

    private void seed(EdgeOptions options) throws IOException, EdgeOptions.UsageException {
        String node = options.node().orElseThrow(() -> refusal("--node NAME is required on first start"));
        if (!DNS_1123.matcher(node).matches()) {
            throw refusal("node name '" + node + "' is not a DNS-1123 name");
        }
        String cloud = options.cloud().orElseThrow(() -> refusal("--cloud HOST[:PORT] is required on first start"));
        if (!options.insecure() && options.token().isEmpty() && !cloud.startsWith("ws://")) {
            throw refusal("a new node joins with a token: ./kedge edge join --cloud " + cloud
                    + " --token TOKEN ... (or --insecure for a ws:// cloud)");
        }
        List<String> nodeLines = new ArrayList<>(List.of("node.name=" + node, "data.dir=" + data));
        options.nodeIp().ifPresent(ip -> nodeLines.add("node.ip=" + ip));
        options.statusInterval().ifPresent(seconds -> nodeLines.add("status.update.seconds=" + seconds));
        options.labels().ifPresent(labels -> nodeLines.add("labels=[" + quoteLabels(labels) + "]"));
        String runtime = RuntimeChoice.choose(options.runtime(), RuntimeChoice::onPath, RuntimeChoice.runningAsRoot());
        nodeLines.add("runtime=" + runtime);
        log.println("kedge: pods of " + node + " run on the " + runtime + " runtime"
                + (runtime.equals("process") && options.runtime().isEmpty() ? " (containerd or runc not found, or not root)" : ""));
        // checked before anything is written: a refused option leaves the folder unseeded
        PodNetwork network = PodNetwork.choose(node, options.podBridge(), options.podSubnet(), bridgeInUse);
        seed(NODE_CFG, nodeLines);
        if (runtime.equals("containerd")) {
            if (!network.equals(PodNetwork.DEFAULT)) {
                log.println("kedge: pods of " + node + " get addresses of " + network.subnet() + " on bridge "
                        + network.bridge());
            }
            seed(RuntimeChoice.CONTAINERD_CFG, List.of("data.dir=" + data, "cni.bridge=" + network.bridge(),
                    "cni.subnet=" + network.subnet()));
        } else if (options.podBridge().isPresent() || options.podSubnet().isPresent()) {
            log.println("kedge: note: --pod-bridge and --pod-subnet apply to the containerd runtime only");
        }

        List<String> hub = new ArrayList<>(List.of("cloud.url=" + cloudUrl(cloud, options.insecure())));
        options.certUrl().ifPresent(url -> hub.add("cert.url=" + url));
        options.heartbeat().ifPresent(seconds -> hub.add("heartbeat.seconds=" + seconds));
        options.reconnectMax().ifPresent(millis -> hub.add("reconnect.max.millis=" + millis));
        seed(HUB_CFG, hub);
        if (options.token().isPresent()) {
            giveJoinToken(options.token().get());
        }
        seed(METASERVER_CFG, List.of("port=" + options.metaserverPort().orElse("10550")));
        seed(EVENTBUS_CFG, List.of("port=" + options.mqttPort().orElse("1883")));
        seed(HTTP_CFG, List.of("org.apache.felix.http.host=127.0.0.1", HTTP_PORT_KEY + "=" + options.consolePort()));
        if (!hasContent(etc.resolve(CONSOLE_CFG))) {
            String password = options.consolePassword().orElseGet(() -> {
                String generated = generatedPassword();
                log.println("kedge: web console: http://127.0.0.1:" + options.consolePort()
                        + "/system/console  user admin  password " + generated);
                return generated;
            });
            // Stored hashed, as the console itself would: it then never rewrites it, and no plaintext stays on disk.
            seed(CONSOLE_CFG, List.of("username=admin", "password=" + consolePasswordHash(password)));
        }
    }

    /** Joining again (a fresh token after the certificate expired, or a cloud that moved): everything else stays. */
    private void rejoin(EdgeOptions options) throws IOException {
        Path hubCfg = etc.resolve(HUB_CFG);
        if (options.cloud().isPresent() || options.certUrl().isPresent()) {
            List<String> hub = new ArrayList<>(lines(hubCfg).stream()
                    .filter(line -> !CLOUD_ADDRESS_LINE.matcher(line).lookingAt()).toList());
            options.cloud().ifPresent(cloud -> hub.add("cloud.url=" + cloudUrl(cloud, false)));
            options.certUrl().ifPresent(url -> hub.add("cert.url=" + url));
            PrivateFiles.writeLines(hubCfg, hub);
        }
        giveJoinToken(options.token().orElseThrow());
        log.println("kedge: node already configured in " + etc + ": join token given"
                + (options.cloud().isPresent() ? ", cloud address replaced" : ""));
    }

    /** The join token for EdgeHub, which deletes it once the node holds a certificate. */
    private void giveJoinToken(String token) throws IOException {
        Path certs = data.resolve("certs");
        PrivateFiles.createFolder(certs);
        PrivateFiles.removeGroupAndOthers(certs);
        PrivateFiles.writeLines(certs.resolve("join.token"), List.of(token));
    }

    /** Earlier versions kept the token in etc/io.kedge.edgehub.cfg, readable long after the join: drop it. */
    private void forgetConfiguredToken() throws IOException {
        Path hubCfg = etc.resolve(HUB_CFG);
        List<String> lines = lines(hubCfg);
        if (lines.stream().anyMatch(line -> TOKEN_LINE.matcher(line).lookingAt())) {
            PrivateFiles.writeLines(hubCfg, lines.stream().filter(line -> !TOKEN_LINE.matcher(line).lookingAt()).toList());
            log.println("kedge: removed the join token from " + hubCfg
                    + " (a token lives in certs/join.token until the node has joined)");
        }
    }

    /** HOST[:PORT] or a URL: ws:// or wss:// when no scheme is given, port 10000 when none is. */
    static String cloudUrl(String cloud, boolean insecure) {
        String url = cloud.contains("://") ? cloud : (insecure ? "ws://" : "wss://") + cloud;
        return HAS_PORT.matcher(url).matches() ? url : url + ":10000";
    }

    /** {@code a=b,c=d} as the list ConfigAdmin reads: {@code "a=b","c=d"}. */
    static String quoteLabels(String labels) {
        return Arrays.stream(labels.split(",", -1)).map(label -> label.isEmpty() ? label : '"' + label + '"')
                .collect(Collectors.joining(","));
    }

    /** The web console's stored form: {@code {sha-256}} and the base64 of the password's SHA-256. */
    static String consolePasswordHash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String generatedPassword() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** key=value lines into etc/NAME, only when that file does not hold any yet. */
    private void seed(String name, List<String> lines) throws IOException {
        Path file = etc.resolve(name);
        if (!hasContent(file)) {
            PrivateFiles.writeLines(file, lines);
        }
    }

    private static boolean hasContent(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static EdgeOptions.UsageException refusal(String message) {
        return new EdgeOptions.UsageException(message, false);
    }
}
