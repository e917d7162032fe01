package io.kedge.cloud;

import io.kedge.cloud.auth.CertificateServer;
import io.kedge.cloud.auth.ClusterCa;
import io.kedge.cloud.auth.ServerNames;
import io.kedge.cloud.edgecontroller.downstream.ServiceNamespaces;
import io.kedge.cloud.hub.HubSettings;
import io.kedge.cloud.metrics.MetricsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Command line of {@code kedge cloud}. Immutable; {@link #parse} rejects anything it does not
 * understand so that a typo never silently falls back to a default.
 *
 * @param insecure            CloudHub on plain ws:// without client certificates; the certificate
 *                            server stays HTTPS
 * @param advertiseAddresses  host names and IPs nodes use to reach the cloud, for the server
 *                            certificate (which always covers localhost, 127.0.0.1 and the host name)
 * @param nodeWriteRate       API writes per second the reports of one node may cause
 * @param nodeWriteBurst      writes one node's reports may cause at once after a quiet spell
 */
public record CloudOptions(
        Optional<Path> kubeconfig,
        String bindAddress,
        int port,
        Duration keepaliveTimeout,
        Duration nodeGrace,
        NodeLifecycleMode nodeLifecycle,
        int maxFrameBytes,
        int sendWindow,
        int certPort,
        boolean insecure,
        List<String> advertiseAddresses,
        String caNamespace,
        Duration nodeCertLifetime,
        int metricsPort,
        ServiceNamespaces serviceNamespaces,
        int nodeWriteRate,
        int nodeWriteBurst,
        long maxUnappliedBytes,
        long maxUnsentBytes,
        boolean help) {

    public static final int DEFAULT_PORT = 10000;
    public static final int DEFAULT_SEND_WINDOW = 1000;
    public static final int DEFAULT_NODE_WRITE_RATE = 10;
    public static final int DEFAULT_NODE_WRITE_BURST = 20;
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public CloudOptions {
        advertiseAddresses = List.copyOf(advertiseAddresses);
    }

    /** Whether the cloud-app itself marks silent nodes Unknown (the embedded API has no controller for it). */
    public enum NodeLifecycleMode {
        AUTO, ON, OFF;

        static NodeLifecycleMode parse(String text) throws InvalidOptionsException {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException("--node-lifecycle must be auto, on or off, got '" + text + "'");
            }
        }
    }

    /** A command line that cannot be run; the message says what is wrong. */
    public static final class InvalidOptionsException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidOptionsException(String message) {
            super(message);
        }
    }

    public static CloudOptions defaults() {
        return new CloudOptions(Optional.empty(), "0.0.0.0", DEFAULT_PORT, Duration.ofSeconds(30),
                Duration.ofSeconds(40), NodeLifecycleMode.AUTO, HubSettings.DEFAULT_MAX_FRAME_BYTES, DEFAULT_SEND_WINDOW,
                CertificateServer.DEFAULT_PORT, false, List.of(), ClusterCa.DEFAULT_NAMESPACE,
                ClusterCa.DEFAULT_NODE_LIFETIME, MetricsServer.DEFAULT_PORT,
                ServiceNamespaces.defaultFor(ClusterCa.DEFAULT_NAMESPACE), DEFAULT_NODE_WRITE_RATE,
                DEFAULT_NODE_WRITE_BURST, HubSettings.DEFAULT_MAX_UNAPPLIED_BYTES, HubSettings.DEFAULT_MAX_UNSENT_BYTES,
                false);
    }

    public static CloudOptions parse(List<String> args) throws InvalidOptionsException {
        Builder b = new Builder(defaults());
        CommandLineOptions.Parsed parsed;
        try {
            parsed = CommandLineOptions.parse(args, OPTIONS, FLAGS);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionsException(e.getMessage());
        }
        b.help = parsed.help();
        for (CommandLineOptions.Option option : parsed.options()) {
            b.set(option.name(), option.value());
        }
        return b.build();
    }

    /** Host names and IPs for the server certificate: the advertised ones, the bind address, localhost, this host. */
    public List<String> serverNames() {
        return ServerNames.forCertificate(advertiseAddresses, bindAddress);
    }

    private static final Set<String> OPTIONS = Set.of("--kubeconfig", "--bind", "--port", "--keepalive-timeout",
            "--node-grace", "--node-lifecycle", "--max-frame-bytes", "--send-window", "--cert-port",
            "--advertise-address", "--ca-namespace", "--node-cert-lifetime", "--metrics-port",
            "--service-namespaces", "--node-write-rate", "--node-write-burst", "--max-unapplied-bytes",
            "--max-unsent-bytes");
    private static final Set<String> FLAGS = Set.of("--insecure");

    public static String usage() {
        return """
                Usage: kedge cloud [options]

                Runs CloudHub (the WebSocket endpoint edge nodes connect to), the certificate server
                (where nodes trade a join token for a client certificate, and renew it) and the
                controllers that write what the nodes report into Kubernetes.

                Options:
                  --kubeconfig FILE           Kubernetes API credentials. Default: in-cluster
                                              service account, else ~/.kube/config (KUBECONFIG).
                  --bind ADDR                 Address CloudHub listens on. Default: 0.0.0.0
                  --port N                    CloudHub port; 0 picks a free port and prints it.
                                              Default: 10000
                  --cert-port N               Certificate server port (HTTPS: /ca.crt, /edge.crt);
                                              0 picks a free port and prints it. Default: 10002
                  --insecure                  CloudHub on plain ws:// without client certificates
                                              (development only). The certificate server stays
                                              HTTPS. Default: wss:// with node client certificates
                  --advertise-address A[,B]   Host names or IPs nodes use to reach the cloud; they
                                              go into the server certificate besides localhost,
                                              127.0.0.1 and this machine's host name. Repeatable.
                  --ca-namespace NS           Namespace of the cluster CA Secret (kedge-ca), the
                                              same as 'kedge token --namespace'. Default: kedge
                  --node-cert-lifetime D      Validity of the node certificates the cloud signs:
                                              90s, 10m, 24h, 365d. Nodes renew at about 80%.
                                              Default: 365d
                  --metrics-port N            Plain HTTP /metrics (Prometheus) and /healthz on the
                                              --bind address; 0 picks a free port. Default: 9091
                  --keepalive-timeout SECONDS Close a node's session after this long without any
                                              frame from it. Default: 30
                  --node-grace SECONDS        With the node lifecycle on: mark a node's conditions
                                              Unknown after this long without status. Default: 40
                  --node-lifecycle MODE       auto|on|off. on: the cloud-app marks silent nodes
                                              Unknown (needed with the embedded 'kedge api').
                                              off: it renews each node's Lease in kube-node-lease
                                              and leaves Unknown to Kubernetes. auto: on when the
                                              API's /version gitVersion contains "kedge".
                                              Default: auto
                  --max-frame-bytes N         Largest message a node may send; a larger one closes
                                              its session (1009). Default: 4194304 (4 MiB)
                  --max-unapplied-bytes N     What one node may have sent that the cloud has not
                                              applied yet; beyond it its session is closed (1013)
                                              and what came before is still applied.
                                              Default: 16777216 (16 MiB)
                  --max-unsent-bytes N        Replies and frames to one node not yet written to its
                                              socket; beyond it (a node that does not read) its
                                              connection is dropped and re-synced when it comes
                                              back. Default: 33554432 (32 MiB)
                  --send-window N             Object messages a node may leave unacknowledged.
                                              Beyond it the cloud sends that node nothing more
                                              and repairs it with an inventory diff once it
                                              catches up or reconnects. Default: 1000
                  --service-namespaces LIST   Namespaces whose Services, Endpoints and
                                              EndpointSlices every edge node gets (EdgeMesh):
                                              'ns1,ns2' only these, '*' all, '*,-ns' all but ns,
                                              '' none. Default: all but kube-system, kube-public,
                                              kube-node-lease and the --ca-namespace
                  --node-write-rate N         API writes per second one node's reports (its
                                              registration, node and pod status) may cause; more
                                              wait, and of each object only the latest report is
                                              written. Default: 10
                  --node-write-burst N        Writes one node may make at once after a quiet
                                              spell. Default: 20
                  --help                      Show this help.
                """;
    }

    private static final class Builder {
        Optional<Path> kubeconfig;
        String bind;
        int port;
        Duration keepalive;
        Duration grace;
        NodeLifecycleMode lifecycle;
        int maxFrameBytes;
        int sendWindow;
        int certPort;
        boolean insecure;
        List<String> advertise;
        String caNamespace;
        Duration nodeCertLifetime;
        int metricsPort;
        Optional<ServiceNamespaces> serviceNamespaces = Optional.empty();
        int nodeWriteRate;
        int nodeWriteBurst;
        long maxUnappliedBytes;
        long maxUnsentBytes;
        boolean help;

        Builder(CloudOptions d) {
            kubeconfig = d.kubeconfig();
            bind = d.bindAddress();
            port = d.port();
            keepalive = d.keepaliveTimeout();
            grace = d.nodeGrace();
            lifecycle = d.nodeLifecycle();
            maxFrameBytes = d.maxFrameBytes();
            sendWindow = d.sendWindow();
            certPort = d.certPort();
            insecure = d.insecure();
            advertise = new ArrayList<>(d.advertiseAddresses());
            caNamespace = d.caNamespace();
            nodeCertLifetime = d.nodeCertLifetime();
            metricsPort = d.metricsPort();
            nodeWriteRate = d.nodeWriteRate();
            nodeWriteBurst = d.nodeWriteBurst();
            maxUnappliedBytes = d.maxUnappliedBytes();
            maxUnsentBytes = d.maxUnsentBytes();
        }

        void set(String name, String value) throws InvalidOptionsException {
            switch (name) {
                case "--kubeconfig" -> {
                    Path file = Path.of(value);
                    if (!Files.isReadable(file)) {
                        throw new InvalidOptionsException("--kubeconfig: cannot read " + file);
                    }
                    kubeconfig = Optional.of(file);
                }
                case "--bind" -> {
                    if (value.isBlank()) {
                        throw new InvalidOptionsException("--bind needs an address");
                    }
                    bind = value;
                }
                case "--port" -> port = integer(name, value, 0, 65535);
                case "--keepalive-timeout" -> keepalive = Duration.ofSeconds(integer(name, value, 1, 86400));
                case "--node-grace" -> grace = Duration.ofSeconds(integer(name, value, 1, 86400));
                case "--node-lifecycle" -> lifecycle = NodeLifecycleMode.parse(value);
                case "--max-frame-bytes" -> maxFrameBytes = integer(name, value, 1024, Integer.MAX_VALUE);
                case "--send-window" -> sendWindow = integer(name, value, 1, 1_000_000);
                case "--cert-port" -> certPort = integer(name, value, 0, 65535);
                case "--insecure" -> insecure = true;
                case "--advertise-address" -> advertise.addAll(addresses(name, value));
                case "--ca-namespace" -> caNamespace = namespace(name, value);
                case "--node-cert-lifetime" -> nodeCertLifetime = lifetime(name, value);
                case "--metrics-port" -> metricsPort = integer(name, value, 0, 65535);
                case "--service-namespaces" -> serviceNamespaces = Optional.of(serviceNamespaces(name, value));
                case "--node-write-rate" -> nodeWriteRate = integer(name, value, 1, 100_000);
                case "--node-write-burst" -> nodeWriteBurst = integer(name, value, 1, 100_000);
                case "--max-unapplied-bytes" -> maxUnappliedBytes = integer(name, value, 1024, Integer.MAX_VALUE);
                case "--max-unsent-bytes" -> maxUnsentBytes = integer(name, value, 1024, Integer.MAX_VALUE);
                default -> throw new InvalidOptionsException("unknown option '" + name + "' (see --help)");
            }
        }

        CloudOptions build() throws InvalidOptionsException {
            if (certPort != 0 && certPort == port) {
                throw new InvalidOptionsException("--cert-port and --port must differ, both are " + port);
            }
            return new CloudOptions(kubeconfig, bind, port, keepalive, grace, lifecycle, maxFrameBytes, sendWindow,
                    certPort, insecure, advertise.stream().distinct().toList(), caNamespace, nodeCertLifetime,
                    metricsPort, serviceNamespaces.orElse(ServiceNamespaces.defaultFor(caNamespace)), nodeWriteRate,
                    nodeWriteBurst, maxUnappliedBytes, maxUnsentBytes, help);
        }

        private static List<String> addresses(String name, String value) throws InvalidOptionsException {
            List<String> addresses = new ArrayList<>();
            for (String address : value.split(",", -1)) {
                try {
                    addresses.add(ServerNames.normalize(address));
                } catch (IllegalArgumentException e) {
                    throw new InvalidOptionsException(name + ": " + e.getMessage());
                }
            }
            return addresses;
        }

        private static ServiceNamespaces serviceNamespaces(String name, String value) throws InvalidOptionsException {
            try {
                return ServiceNamespaces.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException(name + ": " + e.getMessage());
            }
        }

        private static String namespace(String name, String value) throws InvalidOptionsException {
            if (!NAMESPACE.matcher(value).matches()) {
                throw new InvalidOptionsException(name + " must be a namespace name (lower-case letters, digits and"
                        + " '-', at most 63), got '" + value + "'");
            }
            return value;
        }

        /** A certificate outliving its CA would be cut short silently; say so instead. */
        private static Duration lifetime(String name, String value) throws InvalidOptionsException {
            Duration lifetime;
            try {
                lifetime = CommandLineOptions.duration(name, value);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException(e.getMessage());
            }
            if (lifetime.compareTo(ClusterCa.CA_LIFETIME) > 0) {
                throw new InvalidOptionsException(name + " must not exceed the CA's lifetime of "
                        + ClusterCa.CA_LIFETIME.toDays() + "d, got '" + value + "'");
            }
            return lifetime;
        }

        private static int integer(String name, String value, int min, int max) throws InvalidOptionsException {
            try {
                int n = Integer.parseInt(value.trim());
                if (n < min || n > max) {
                    throw new InvalidOptionsException(name + " must be between " + min + " and " + max + ", got " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new InvalidOptionsException(name + " must be a whole number, got '" + value + "'");
            }
        }
    }
}
