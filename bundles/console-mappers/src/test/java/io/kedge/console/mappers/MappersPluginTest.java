package io.kedge.console.mappers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.api.devices.MappedDevice;
import io.kedge.api.devices.MapperSummary;
import io.kedge.api.devices.NodeMappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappersPluginTest {
    private static final String HOSTILE = "x\"><script>alert(1)</script><img src=y onerror=alert(2)>'&";
    private static final String HOST = "127.0.0.1:8080";

    @TempDir
    Path data;

    private Path deploy;
    /** Installed bundles: symbolic name to location. */
    private final Map<String, String> installed = new HashMap<>();
    private MappersPlugin plugin;

    @BeforeEach
    void setUp() {
        deploy = data.resolve("deploy");
        plugin = new MappersPlugin(DeployFolder.fromWatched(data.resolve("etc") + "," + deploy).orElseThrow(),
                name -> Optional.ofNullable(installed.get(name)));
    }

    @Test
    void rowsShowEachMapperWithItsDevicesAndThenTheDevicesNoMapperServes() {
        MapperSummary virtual = new MapperSummary("virtual", "io.kedge.mapper.virtual", "0.1.0", true, "", true,
                List.of(new MappedDevice("default/sine", "virtual", "online", ""),
                        new MappedDevice("default/wave", "virtual", "unknown", "refused: bad configData")));
        MapperSummary modbus = new MapperSummary("modbus", "io.kedge.mapper.modbus", "0.2.0", false, "no serial port",
                false, List.of());

        List<List<String>> rows = MapperRows.of(List.of(modbus, virtual),
                List.of(new MappedDevice("iot/lamp", "zigbee", "unknown", "no mapper for protocol zigbee")),
                mapper -> "src:" + mapper.bundle());

        assertThat(rows).containsExactly(
                List.of("modbus", "io.kedge.mapper.modbus", "0.2.0", "unhealthy: no serial port",
                        "no (another mapper serves modbus)", "src:io.kedge.mapper.modbus", "", "", ""),
                List.of("virtual", "io.kedge.mapper.virtual", "0.1.0", "healthy", "yes", "src:io.kedge.mapper.virtual",
                        "default/sine", "online", ""),
                List.of("", "", "", "", "", "", "default/wave", "unknown", "refused: bad configData"),
                List.of("zigbee", MapperRows.UNBOUND, "", "", "", "", "iot/lamp", "unknown", "no mapper for protocol zigbee"));
    }

    @Test
    void theSnapshotSaysWhereEachBundleComesFromAndTheRefreshCarriesTheSameRows() throws Exception {
        installed.put("io.kedge.mapper.virtual", deploy.resolve("io.kedge.mapper.virtual.jar").toUri().toString());
        installed.put("io.kedge.mapper.modbus", "kedge-mapper:modbus");
        plugin.setMappers(view(List.of(
                new MapperSummary("modbus", "io.kedge.mapper.modbus", "0.2.0", true, "", true, List.of()),
                new MapperSummary("virtual", "io.kedge.mapper.virtual", "0.1.0", true, "", true,
                        List.of(new MappedDevice("default/sine", "virtual", "online", ""))))));

        var snapshot = plugin.snapshot();
        JsonNode json = new ObjectMapper().readTree(MappersPage.PAGE.json(snapshot.statusLine(), snapshot.rows()));

        assertThat(json.path("status").asText()).isEqualTo("2 mappers, 1 device bound, 0 without a mapper");
        assertThat(json.path("rows").get(0).get(5).asText()).isEqualTo("kedge-mapper:modbus (not removable here)");
        assertThat(json.path("rows").get(1).get(5).asText()).isEqualTo("deploy folder: io.kedge.mapper.virtual.jar");
        assertThat(json.path("rows").get(1).get(6).asText()).isEqualTo("default/sine");
    }

    @Test
    void withoutDmiThePageSaysSo() {
        assertThat(plugin.snapshot().statusLine()).isEqualTo("DMI is not running: no mappers to show");
        assertThat(plugin.snapshot().rows()).isEmpty();
    }

    @Test
    void aHostileNameIsShownAsTextAndNeverAsMarkup() {
        MapperSummary hostile = new MapperSummary(HOSTILE, HOSTILE, HOSTILE, false, HOSTILE, true,
                List.of(new MappedDevice(HOSTILE, HOSTILE, HOSTILE, HOSTILE)));

        String html = MappersPage.PAGE.html(HOSTILE, MapperRows.of(List.of(hostile), List.of(), mapper -> HOSTILE), HOSTILE,
                MappersPage.forms(HOSTILE, HOSTILE, HOSTILE, HOSTILE), HOSTILE);

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img")
                .contains("<td>x&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=y onerror=alert(2)&gt;&#39;&amp;</td>")
                .contains("data-action=\"x&#34;>&lt;script>").contains("data-token=\"x&#34;>&lt;script>");
        assertThat(html).doesNotContainPattern("<(?!/?(p|table|thead|tbody|tr|th|td|script|form|input|button|span)[ >])");
    }

    @Test
    void aMapperBundleIsWrittenAtomicallyAsItsSymbolicNameIntoTheDeployFolder() throws Exception {
        byte[] jar = TestJars.mapperBundle("com.example.mapper.zigbee", "1.0.0");

        FakeHttp.Response response = post("install", jar, tokenHeaders());

        assertThat(response.status).as(response.body.toString()).isEqualTo(200);
        assertThat(response.body.toString()).startsWith("installing com.example.mapper.zigbee");
        assertThat(Files.readAllBytes(deploy.resolve("com.example.mapper.zigbee.jar"))).isEqualTo(jar);
        assertThat(filesIn(data)).as("no temporary file left").containsExactlyInAnyOrder("deploy");
    }

    @Test
    void aBundleDeclaringItsComponentsIsTakenAsAMapperToo() throws Exception {
        byte[] jar = TestJars.jar(Map.of("Bundle-SymbolicName", "com.example.ds", "Service-Component", "OSGI-INF/*.xml"));

        assertThat(post("install", jar, tokenHeaders()).status).isEqualTo(200);
        assertThat(deploy.resolve("com.example.ds.jar")).exists();
    }

    @Test
    void aNewVersionOfABundleFromTheDeployFolderReplacesItsOwnFile() throws Exception {
        Path old = deploy.resolve("zigbee-1.0.jar");
        Files.createDirectories(deploy);
        Files.write(old, TestJars.mapperBundle("com.example.mapper.zigbee", "1.0.0"));
        installed.put("com.example.mapper.zigbee", old.toUri().toString());
        byte[] newer = TestJars.mapperBundle("com.example.mapper.zigbee", "1.1.0");

        FakeHttp.Response response = post("install", newer, tokenHeaders());

        assertThat(response.status).as(response.body.toString()).isEqualTo(200);
        assertThat(response.body.toString()).startsWith("updated com.example.mapper.zigbee");
        assertThat(Files.readAllBytes(old)).isEqualTo(newer);
        assertThat(filesIn(deploy)).containsExactly("zigbee-1.0.jar");
    }

    @Test
    void whatIsNoMapperBundleIsRefusedAndNothingIsWritten() throws Exception {
        byte[] notAJar = "PK? no zip at all".getBytes();
        byte[] noBundle = TestJars.jar(Map.of("Created-By", "hand"));
        byte[] noMapper = TestJars.jar(Map.of("Bundle-SymbolicName", "com.example.library"));
        byte[] badName = TestJars.jar(Map.of("Bundle-SymbolicName", "../../etc/x", "Service-Component", "a.xml"));

        for (byte[] jar : List.of(notAJar, noBundle, noMapper, badName)) {
            FakeHttp.Response response = post("install", jar, tokenHeaders());
            assertThat(response.status).as(response.body.toString()).isEqualTo(400);
            assertThat(response.body.toString()).startsWith("refused");
        }
        assertThat(post("install", TestJars.jar(Map.of("Created-By", "hand")), tokenHeaders()).body.toString())
                .contains("no Bundle-SymbolicName");
        assertThat(post("install", noMapper, tokenHeaders()).body.toString()).contains("not a device mapper");
        assertThat(post("install", new byte[0], tokenHeaders()).status).isEqualTo(400);
        assertThat(deploy).doesNotExist();
    }

    @Test
    void anOversizedJarIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
        byte[] big = new byte[MappersPlugin.MAX_JAR_BYTES + 1];

        FakeHttp.Response declared = post("install", new byte[0], tokenHeaders(), MappersPlugin.MAX_JAR_BYTES + 1L);
        FakeHttp.Response streamed = post("install", big, tokenHeaders(), -1);

        assertThat(declared.status).isEqualTo(413);
        assertThat(streamed.status).isEqualTo(413);
        assertThat(streamed.body.toString()).contains("at most " + MappersPlugin.MAX_JAR_BYTES + " bytes");
        assertThat(deploy).doesNotExist();
    }

    @Test
    void withoutThePagesTokenOrFromAnotherOriginNothingChanges() throws Exception {
        byte[] jar = TestJars.mapperBundle("com.example.mapper.zigbee", "1.0.0");
        Map<String, String> crossOrigin = new HashMap<>(tokenHeaders());
        crossOrigin.put("Origin", "http://evil.example");
        Map<String, String> wrongToken = Map.of("Host", HOST, "X-Kedge-Token", "guessed");

        assertThat(post("install", jar, Map.of("Host", HOST)).status).isEqualTo(403);
        assertThat(post("install", jar, wrongToken).status).isEqualTo(403);
        assertThat(post("install", jar, crossOrigin).status).isEqualTo(403);
        assertThat(post("install", jar, tokenHeaders()).status).isEqualTo(200);
        assertThat(postRemove("com.example.mapper.zigbee", crossOrigin).status).isEqualTo(403);
        assertThat(deploy.resolve("com.example.mapper.zigbee.jar")).exists();
    }

    @Test
    void onlyABundleFromTheDeployFolderIsRemovedByDeletingItsFile() throws Exception {
        Path file = deploy.resolve("zigbee.jar");
        Files.createDirectories(deploy);
        Files.write(file, TestJars.mapperBundle("com.example.mapper.zigbee", "1.0.0"));
        installed.put("com.example.mapper.zigbee", file.toUri().toString());
        installed.put("io.kedge.mapper.modbus", "kedge-mapper:modbus");
        installed.put("io.kedge.dmi", data.resolve("bundles/dmi.jar").toUri().toString());

        FakeHttp.Response cloud = postRemove("io.kedge.mapper.modbus", tokenHeaders());
        FakeHttp.Response node = postRemove("io.kedge.dmi", tokenHeaders());
        FakeHttp.Response unknown = postRemove("com.example.nothing", tokenHeaders());
        FakeHttp.Response removed = postRemove("com.example.mapper.zigbee", tokenHeaders());

        assertThat(cloud.status).isEqualTo(409);
        assertThat(cloud.body.toString()).contains("kedge-mapper:modbus").contains("change its Mapper resource");
        assertThat(node.status).isEqualTo(409);
        assertThat(unknown.status).isEqualTo(404);
        assertThat(removed.status).as(removed.body.toString()).isEqualTo(200);
        assertThat(file).doesNotExist();
    }

    @Test
    void aBundleTheCloudDeployedIsNotReplacedByAnUpload() throws Exception {
        installed.put("io.kedge.mapper.modbus", "kedge-mapper:modbus");

        FakeHttp.Response response = post("install", TestJars.mapperBundle("io.kedge.mapper.modbus", "9.0.0"),
                tokenHeaders());

        assertThat(response.status).isEqualTo(409);
        assertThat(deploy).doesNotExist();
    }

    @Test
    void theDeployFolderIsTheWatchedFolderNamedDeployElseTheOnlyOne() {
        assertThat(DeployFolder.fromWatched("/d/etc, /d/deploy").map(DeployFolder::folder)).contains(Path.of("/d/deploy"));
        assertThat(DeployFolder.fromWatched("/d/fileinstall").map(DeployFolder::folder)).contains(Path.of("/d/fileinstall"));
        assertThat(DeployFolder.fromWatched("/d/a,/d/b")).isEmpty();
        assertThat(DeployFolder.fromWatched(null)).isEmpty();
        assertThat(new DeployFolder(Path.of("/d/deploy")).fileOf("file:/d/deploy/sub/x.jar")).isEmpty();
        assertThat(new DeployFolder(Path.of("/d/deploy")).fileOf("file:/d/deploy/../etc/x.jar")).isEmpty();
    }

    @Test
    void withoutADeployFolderThePageOnlyShowsAndSaysWhy() throws Exception {
        plugin = new MappersPlugin(null, name -> Optional.empty());

        assertThat(plugin.afterTable("/system/console/mappers")).contains("watches no deploy folder").doesNotContain("<form");
        assertThat(post("install", TestJars.mapperBundle("a.b", "1.0.0"), tokenHeaders()).status)
                .as("no form hands out the token").isEqualTo(403);
    }

    private static NodeMappers view(List<MapperSummary> mappers) {
        return new NodeMappers() {
            @Override
            public List<MapperSummary> mappers() {
                return mappers;
            }

            @Override
            public List<MappedDevice> unboundDevices() {
                return List.of();
            }
        };
    }

    private Map<String, String> tokenHeaders() {
        Matcher token = Pattern.compile("data-token=\"([^\"]+)\"").matcher(plugin.afterTable("/system/console/mappers"));
        String value = token.find() ? token.group(1) : "no form";
        return Map.of("Host", HOST, "Origin", "http://" + HOST, "X-Kedge-Token", value);
    }

    private FakeHttp.Response post(String action, byte[] body, Map<String, String> headers) throws IOException {
        return post(action, body, headers, body.length);
    }

    private FakeHttp.Response post(String action, byte[] body, Map<String, String> headers, long declared)
            throws IOException {
        FakeHttp.Response response = new FakeHttp.Response();
        plugin.doPost(FakeHttp.post("/mappers/" + action, headers, Map.of(), body, declared), response.servlet);
        return response;
    }

    private FakeHttp.Response postRemove(String bundle, Map<String, String> headers) throws IOException {
        FakeHttp.Response response = new FakeHttp.Response();
        plugin.doPost(FakeHttp.post("/mappers/remove", headers, Map.of("bundle", bundle), new byte[0], 0), response.servlet);
        return response;
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
