package io.kedge.distro.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The options of {@code kedge edge [join] ...}, as given; {@link NodeFolder} checks what a first start needs. */
record EdgeOptions(boolean join, boolean help, boolean insecure, Optional<String> cloud, Optional<String> token,
        Optional<String> certUrl, Optional<String> node, Optional<Path> data, Optional<String> nodeIp,
        Optional<String> labels, Optional<String> statusInterval, Optional<String> heartbeat,
        Optional<String> reconnectMax, String consolePort, Optional<String> metaserverPort,
        Optional<String> consolePassword, Optional<String> runtime, Optional<String> podBridge,
        Optional<String> podSubnet, Optional<String> mqttPort) {

    /** A command line the launcher refuses, with the reason. */
    static final class UsageException extends Exception {
        final boolean showUsage;

        UsageException(String message, boolean showUsage) {
            super(message);
            this.showUsage = showUsage;
        }
    }

    static EdgeOptions parse(List<String> args) throws UsageException {
        Builder b = new Builder();
        Iterator<String> it = args.iterator();
        if (!args.isEmpty() && args.get(0).equals("join")) {
            b.join = true;
            it.next();
        }
        while (it.hasNext()) {
            String option = it.next();
            switch (option) {
                case "--insecure" -> b.insecure = true;
                case "-h", "--help" -> b.help = true;
                case "--cloud" -> b.cloud = value(option, it);
                case "--token" -> b.token = value(option, it);
                case "--token-file" -> b.token = readToken(value(option, it));
                case "--cert-url" -> b.certUrl = value(option, it);
                case "--node" -> b.node = value(option, it);
                case "--data" -> b.data = value(option, it);
                case "--node-ip" -> b.nodeIp = value(option, it);
                case "--labels" -> b.labels = value(option, it);
                case "--status-interval" -> b.status = value(option, it);
                case "--heartbeat" -> b.heartbeat = value(option, it);
                case "--reconnect-max" -> b.reconnectMax = value(option, it);
                case "--console-port" -> b.consolePort = value(option, it);
                case "--metaserver-port" -> b.metaserverPort = value(option, it);
                case "--console-password" -> b.consolePassword = value(option, it);
                case "--runtime" -> b.runtime = value(option, it);
                case "--pod-bridge" -> b.podBridge = value(option, it);
                case "--pod-subnet" -> b.podSubnet = value(option, it);
                case "--mqtt-port" -> b.mqttPort = value(option, it);
                default -> throw new UsageException("unknown option '" + option + "'", true);
            }
            if (b.help) {
                break;
            }
        }
        return b.build();
    }

    /** Checks that do not depend on the node's folder; the script made them in this order. */
    void validate() throws UsageException {
        if (data.isEmpty()) {
            throw new UsageException("--data DIR is required (./kedge edge --help)", false);
        }
        if (join && token.isEmpty()) {
            throw new UsageException("edge join needs --token (create one with ./kedge token create --node NAME)", false);
        }
        if (join && insecure) {
            throw new UsageException("edge join and --insecure exclude each other", false);
        }
    }

    /** Whether any option besides --data was given: they only seed a new node. */
    boolean givesSettings() {
        return cloud.isPresent() || node.isPresent() || nodeIp.isPresent() || labels.isPresent()
                || statusInterval.isPresent() || heartbeat.isPresent() || reconnectMax.isPresent()
                || consolePassword.isPresent() || metaserverPort.isPresent() || token.isPresent()
                || certUrl.isPresent() || runtime.isPresent() || podBridge.isPresent() || podSubnet.isPresent()
                || mqttPort.isPresent();
    }

    private static String value(String option, Iterator<String> it) throws UsageException {
        String value = it.hasNext() ? it.next() : "";
        if (value.isEmpty()) {
            throw new UsageException(option + " needs a value", false);
        }
        return value;
    }

    private static String readToken(String file) throws UsageException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceAll("[ \r\n]", "");
        } catch (IOException e) {
            throw new UsageException("cannot read the token file " + file, false);
        }
    }

    private static final class Builder {
        boolean join;
        boolean help;
        boolean insecure;
        String cloud;
        String token;
        String certUrl;
        String node;
        String data;
        String nodeIp;
        String labels;
        String status;
        String heartbeat;
        String reconnectMax;
        String consolePort = "8080";
        String metaserverPort;
        String consolePassword;
        String runtime;
        String podBridge;
        String podSubnet;
        String mqttPort;

        EdgeOptions build() {
            return new EdgeOptions(join, help, insecure, Optional.ofNullable(cloud), Optional.ofNullable(token),
                    Optional.ofNullable(certUrl), Optional.ofNullable(node), Optional.ofNullable(data).map(Path::of),
                    Optional.ofNullable(nodeIp), Optional.ofNullable(labels), Optional.ofNullable(status),
                    Optional.ofNullable(heartbeat), Optional.ofNullable(reconnectMax), consolePort,
                    Optional.ofNullable(metaserverPort), Optional.ofNullable(consolePassword),
                    Optional.ofNullable(runtime), Optional.ofNullable(podBridge), Optional.ofNullable(podSubnet),
                    Optional.ofNullable(mqttPort));
        }
    }
}
