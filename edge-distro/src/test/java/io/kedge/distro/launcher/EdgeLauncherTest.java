package io.kedge.distro.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./kedge edge} leaves in the node's folder and which command it hands to the script. */
class EdgeLauncherTest {
    @TempDir
    Path tmp;
    Path data;
    Path edgeJar;
    Path commandFile;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("nodes/edge-1");
        edgeJar = Files.writeString(tmp.resolve("edge.jar"), "jar");
        commandFile = tmp.resolve("command");
    }

    @Test
    void aFirstJoinSeedsTheConfigurationAndKeepsTheTokenOutOfEtc() throws IOException {
        int code = launch("join", "--cloud", "10.0.0.5", "--token", "abc.def", "--node", "edge-1", "--data",
                data.toString(), "--cert-url", "https://10.0.0.5:10002", "--labels", "zone=a,rack=7",
                "--node-ip", "10.0.0.9", "--status-interval", "5", "--heartbeat", "3", "--reconnect-max", "2000",
                "--metaserver-port", "10551", "--console-port", "0", "--console-password", "admin",
                "--runtime", "process", "--mqtt-port", "11883");

        assertThat(code).as(err.toString()).isZero();
        Path etc = data.resolve("etc");
        assertThat(Files.readAllLines(etc.resolve("io.kedge.node.cfg"))).containsExactly("node.name=edge-1",
                "data.dir=" + data, "node.ip=10.0.0.9", "status.update.seconds=5", "labels=[\"zone=a\",\"rack=7\"]", "runtime=process");
        assertThat(Files.readAllLines(etc.resolve("io.kedge.edgehub.cfg"))).containsExactly(
                "cloud.url=wss://10.0.0.5:10000", "cert.url=https://10.0.0.5:10002", "heartbeat.seconds=3",
                "reconnect.max.millis=2000");
        assertThat(Files.readAllLines(etc.resolve("io.kedge.metaserver.cfg"))).containsExactly("port=10551");
        assertThat(Files.readAllLines(etc.resolve(NodeFolder.EVENTBUS_CFG))).containsExactly("port=11883");
        assertThat(Files.readAllLines(etc.resolve("org.apache.felix.http.cfg"))).containsExactly(
                "org.apache.felix.http.host=127.0.0.1", "org.osgi.service.http.port=0");
        // sha256sum of "admin", base64: what the script's sha256_base64 printed
        assertThat(Files.readAllLines(etc.resolve(NodeFolder.CONSOLE_CFG))).containsExactly("username=admin",
                "password={sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=");
        assertThat(Files.readAllLines(data.resolve("certs/join.token"))).containsExactly("abc.def");
        try (var files = Files.list(etc)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("io.kedge.node.cfg",
                    "io.kedge.edgehub.cfg", "io.kedge.metaserver.cfg", NodeFolder.EVENTBUS_CFG,
                    "org.apache.felix.http.cfg", NodeFolder.CONSOLE_CFG);
        }
        for (Path file : List.of(etc.resolve("io.kedge.edgehub.cfg"), etc.resolve(NodeFolder.CONSOLE_CFG),
                data.resolve("certs/join.token"))) {
            assertThat(permissions(file)).as(file.toString()).isEqualTo("rw-------");
        }
        for (Path folder : List.of(data, etc, data.resolve("certs"), data.resolve("deploy"))) {
            assertThat(permissions(folder)).as(folder.toString()).isEqualTo("rwx------");
        }
    }

    @Test
    void theCommandIsTheNodesJvmInItsFolderWithTheConsolePortUpFront() throws IOException {
        launch("--insecure", "--cloud", "cloud:9000", "--node", "edge-1", "--data", data.toString(),
                "--console-port", "8181");

        List<String> command = command();
        assertThat(command.get(0)).isEqualTo(data.toString());
        assertThat(command.subList(1, command.size())).containsExactly("/jdk/bin/java", "-Xmx96m",
                "-XX:+UseSerialGC", "-Xss512k", "-Dkedge.data=" + data, "-Dfelix.fileinstall.dir=" + data.resolve("etc") + "," + data.resolve("deploy"),
                "-Dorg.osgi.framework.storage=" + data.resolve("cache"), "-Dorg.osgi.service.http.port=8181",
                "-jar", edgeJar.toString());
        assertThat(Files.readAllLines(data.resolve("etc/io.kedge.edgehub.cfg"))).containsExactly("cloud.url=ws://cloud:9000");
        assertThat(err.toString()).contains("web console: http://127.0.0.1:8181/system/console  user admin  password ");
    }

    @Test
    void javaOptionsComeFromTheEnvironment() throws IOException {
        int code = EdgeLauncher.run(List.of("--insecure", "--cloud", "c", "--node", "n", "--data", data.toString()),
                commandFile, "java", edgeJar, Map.of("KEDGE_EDGE_JAVA_OPTS", " -Xmx64m  -Dx=y "),
                new PrintStream(out), new PrintStream(err));

        assertThat(code).isZero();
        assertThat(command()).containsSubsequence("java", "-Xmx64m", "-Dx=y", "-Dkedge.data=" + data);
    }

    @Test
    void aDataFolderWithACommaIsRefusedBeforeAnythingIsMade() throws IOException {
        Path comma = tmp.resolve("a,b");
        int code = launch("--insecure", "--cloud", "c", "--node", "n", "--data", comma.toString());

        assertThat(code).isEqualTo(EdgeLauncher.EXIT_USAGE);
        assertThat(err.toString()).contains("must not contain a comma");
        assertThat(comma).doesNotExist();
        assertThat(Files.exists(commandFile)).isFalse();
    }

    @Test
    void aNameThatIsNotDns1123IsRefusedBeforeAnythingIsSeeded() throws IOException {
        int code = launch("join", "--cloud", "c", "--token", "t", "--node", "Edge_1", "--data", data.toString());

        assertThat(code).isEqualTo(EdgeLauncher.EXIT_USAGE);
        assertThat(err.toString()).contains("node name 'Edge_1' is not a DNS-1123 name");
        assertThat(Files.exists(data.resolve("etc/io.kedge.node.cfg"))).isFalse();
        assertThat(Files.exists(commandFile)).isFalse();
    }

    @Test
    void optionsThatAreMissingOrUnknownAreRefused() {
        assertThat(launch("--node", "n")).isEqualTo(2);
        assertThat(err.toString()).contains("--data DIR is required");
        assertThat(launch("join", "--data", data.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("edge join needs --token");
        assertThat(launch("join", "--insecure", "--token", "t", "--data", data.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("edge join and --insecure exclude each other");
        assertThat(launch("--data", data.toString(), "--node", "n", "--cloud", "c")).isEqualTo(2);
        assertThat(err.toString()).contains("a new node joins with a token");
        assertThat(launch("--bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: ./kedge edge").contains("unknown option '--bogus'");
        assertThat(launch("--node")).isEqualTo(2);
        assertThat(err.toString()).contains("--node needs a value");
    }

    @Test
    void helpPrintsTheUsageAndNoCommand() {
        assertThat(launch("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: ./kedge edge join --cloud HOST[:PORT]");
        assertThat(Files.exists(commandFile)).isFalse();
    }

    @Test
    void aTokenFileIsReadWithoutItsWhitespace() throws IOException {
        Path tokenFile = Files.writeString(tmp.resolve("token"), " abc.def\r\n");
        assertThat(launch("join", "--cloud", "c", "--token-file", tokenFile.toString(), "--node", "n", "--data",
                data.toString())).isZero();
        assertThat(Files.readAllLines(data.resolve("certs/join.token"))).containsExactly("abc.def");
    }

    @Test
    void joiningAgainGivesANewTokenAndCloudAddressAndKeepsTheRest() throws IOException {
        launch("join", "--cloud", "old", "--token", "first", "--node", "edge-1", "--data", data.toString(),
                "--heartbeat", "3");
        Path hub = data.resolve("etc/io.kedge.edgehub.cfg");
        Files.writeString(hub, ".token=leaked\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(launch("join", "--cloud", "new:1234", "--token", "second", "--data", data.toString())).isZero();

        assertThat(Files.readAllLines(hub)).containsExactly("heartbeat.seconds=3", "cloud.url=wss://new:1234");
        assertThat(Files.readAllLines(data.resolve("certs/join.token"))).containsExactly("second");
        assertThat(Files.readAllLines(data.resolve("etc/io.kedge.node.cfg"))).contains("node.name=edge-1");
        assertThat(err.toString()).contains("join token given, cloud address replaced")
                .contains("removed the join token from " + hub);
    }

    @Test
    void optionsOnAConfiguredNodeOnlyLeaveANoteAndLooseFilesAreTightened() throws IOException {
        launch("--insecure", "--cloud", "c", "--node", "edge-1", "--data", data.toString());
        Path loose = Files.writeString(data.resolve("etc/extra.cfg"), "a=b\n");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(launch("--node", "other", "--data", data.toString())).isZero();

        assertThat(Files.readAllLines(data.resolve("etc/io.kedge.node.cfg"))).contains("node.name=edge-1");
        assertThat(err.toString()).contains("already holds this node's configuration");
        assertThat(permissions(loose)).isEqualTo("rw-------");
        assertThat(permissions(data)).isEqualTo("rwx------");
    }

    @Test
    void addressesAndLabelsAreWrittenAsTheScriptDid() {
        assertThat(NodeFolder.cloudUrl("host", false)).isEqualTo("wss://host:10000");
        assertThat(NodeFolder.cloudUrl("host", true)).isEqualTo("ws://host:10000");
        assertThat(NodeFolder.cloudUrl("host:99", false)).isEqualTo("wss://host:99");
        assertThat(NodeFolder.cloudUrl("wss://host:99/", false)).isEqualTo("wss://host:99/");
        assertThat(NodeFolder.cloudUrl("ws://host", false)).isEqualTo("ws://host:10000");
        assertThat(NodeFolder.quoteLabels("a=b,,c=d")).isEqualTo("\"a=b\",,\"c=d\"");
    }

    private int launch(String... args) {
        err.reset();
        out.reset();
        return EdgeLauncher.run(Arrays.asList(args), commandFile, "/jdk/bin/java", edgeJar, Map.of(),
                new PrintStream(out), new PrintStream(err));
    }

    private List<String> command() throws IOException {
        String text = Files.readString(commandFile, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\0");
        return new ArrayList<>(Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1)));
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theContainerdRuntimeIsSeededWithItsOwnConfigurationAndAnUnknownRuntimeIsRefused() throws IOException {
        int code = launch("--insecure", "--cloud", "cloud:9000", "--node", "edge-1", "--data", data.toString(),
                "--runtime", "containerd");
        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readAllLines(data.resolve("etc/io.kedge.node.cfg"))).contains("runtime=containerd");
        // kedge0 unless another node's pods are on it on this machine (PodNetworkTest covers that choice)
        PodNetwork network = PodNetwork.derive("edge-1", PodNetwork::bridgeCarriesPods);
        assertThat(Files.readAllLines(data.resolve("etc/" + RuntimeChoice.CONTAINERD_CFG)))
                .containsExactly("data.dir=" + data, "cni.bridge=" + network.bridge(), "cni.subnet=" + network.subnet());

        Path given = tmp.resolve("nodes/edge-3");
        assertThat(launch("--insecure", "--cloud", "cloud:9000", "--node", "edge-3", "--data", given.toString(),
                "--runtime", "containerd", "--pod-bridge", "pods3", "--pod-subnet", "10.201.3.0/24")).isZero();
        assertThat(Files.readAllLines(given.resolve("etc/" + RuntimeChoice.CONTAINERD_CFG)))
                .containsExactly("data.dir=" + given, "cni.bridge=pods3", "cni.subnet=10.201.3.0/24");
        assertThat(launch("--insecure", "--cloud", "cloud:9000", "--node", "edge-4", "--data",
                tmp.resolve("nodes/edge-4").toString(), "--runtime", "containerd", "--pod-subnet", "10.88.0.0")).isNotZero();
        assertThat(err.toString()).contains("--pod-subnet must be an IPv4 network");
        assertThat(Files.exists(tmp.resolve("nodes/edge-4/etc/io.kedge.node.cfg"))).as("nothing seeded").isFalse();

        Path other = tmp.resolve("nodes/edge-2");
        assertThat(launch("--insecure", "--cloud", "cloud:9000", "--node", "edge-2", "--data", other.toString(),
                "--runtime", "docker")).isNotZero();
        assertThat(err.toString()).contains("--runtime must be one of containerd, process, none, got 'docker'");
        assertThat(Files.exists(other.resolve("etc/io.kedge.node.cfg"))).isFalse();
    }

    @Test
    void withoutAChoiceContainerdRunsThePodsWhereItCanElseHostProcesses() throws Exception {
        assertThat(RuntimeChoice.choose(java.util.Optional.empty(), program -> true, true)).isEqualTo("containerd");
        assertThat(RuntimeChoice.choose(java.util.Optional.empty(), program -> !program.equals("runc"), true))
                .isEqualTo("process");
        assertThat(RuntimeChoice.choose(java.util.Optional.empty(), program -> true, false)).isEqualTo("process");
        assertThat(RuntimeChoice.choose(java.util.Optional.of("none"), program -> true, true)).isEqualTo("none");
    }
}
