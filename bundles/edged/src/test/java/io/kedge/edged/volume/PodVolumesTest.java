package io.kedge.edged.volume;

import static io.kedge.edged.testing.MapMetaStore.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.edged.pod.PodSpecException;
import io.kedge.edged.testing.MapMetaStore;
import io.kedge.runtime.api.ContainerSpec.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodVolumesTest {
    @TempDir
    Path temp;

    private final MapMetaStore store = new MapMetaStore()
            .configMap("shop", "settings", Map.of("app.conf", "mode=fast", "level", "3"))
            .secret("shop", "creds", Map.of("password", "s3cret", "user", "admin"))
            .secret("shop", "unrelated", Map.of("key", "other"));

    private PodVolumes volumes(HostPathPolicy policy) {
        return new PodVolumes(temp.resolve("pods"), store, policy);
    }

    private static JsonNode pod(String volumes) {
        return json("{'metadata':{'name':'web','namespace':'shop','uid':'uid-1','labels':{'app':'web'},"
                + "'annotations':{'a':'b'}},'spec':{'containers':[{'name':'c','resources':{'limits':{'memory':'2Mi'}}}],"
                + "'volumes':" + volumes + "}}");
    }

    @Test
    void configMapVolumeHoldsEveryKeyThroughDataSymlink() throws Exception {
        Map<String, Path> prepared = volumes(HostPathPolicy.of(new String[0]))
                .prepare(pod("[{'name':'cfg','configMap':{'name':'settings'}}]"));
        Path dir = prepared.get("cfg");
        assertThat(dir).isEqualTo(temp.resolve("pods/uid-1/volumes/cfg"));
        assertThat(Files.readString(dir.resolve("app.conf"))).isEqualTo("mode=fast");
        assertThat(Files.readString(dir.resolve("level"))).isEqualTo("3");
        assertThat(Files.isSymbolicLink(dir.resolve("level"))).isTrue();
        assertThat(Files.readSymbolicLink(dir.resolve("level"))).isEqualTo(Path.of("..data/level"));
        assertThat(Files.isSymbolicLink(dir.resolve("..data"))).isTrue();
        assertThat(mode(dir.resolve("level"))).isEqualTo("rw-r--r--");
    }

    @Test
    void itemsModesAndBinaryData() throws Exception {
        store.put("shop", "configmap", "bin", json("{'binaryData':{'blob':'AAEC'},'data':{'t':'x'}}"));
        Path dir = volumes(HostPathPolicy.of(null)).prepare(pod("[{'name':'cfg','configMap':{'name':'bin',"
                + "'defaultMode':256,'items':[{'key':'blob','path':'nested/dir/blob.bin','mode':511},{'key':'t','path':'t.txt'}]}}]"))
                .get("cfg");
        assertThat(Files.readAllBytes(dir.resolve("nested/dir/blob.bin"))).containsExactly(0, 1, 2);
        assertThat(mode(dir.resolve("nested/dir/blob.bin"))).isEqualTo("rwxrwxrwx");
        assertThat(mode(dir.resolve("t.txt"))).isEqualTo("r--------");
        assertThat(visible(dir)).containsExactlyInAnyOrder("nested", "t.txt");
    }

    @Test
    void changedConfigMapIsSwappedWholeAndAnOpenedPathSeesTheNewContent() throws Exception {
        PodVolumes volumes = volumes(HostPathPolicy.of(new String[0]));
        JsonNode pod = pod("[{'name':'cfg','configMap':{'name':'settings'}}]");
        Path file = volumes.prepare(pod).get("cfg").resolve("app.conf");
        Path dataBefore = Files.readSymbolicLink(file.resolveSibling("..data"));
        assertThat(Files.readString(file)).isEqualTo("mode=fast");

        volumes.prepare(pod);
        assertThat(Files.readSymbolicLink(file.resolveSibling("..data"))).as("unchanged: not rewritten")
                .isEqualTo(dataBefore);

        store.configMap("shop", "settings", Map.of("app.conf", "mode=slow"));
        volumes.prepare(pod);
        assertThat(Files.readString(file)).isEqualTo("mode=slow");
        assertThat(Files.readSymbolicLink(file.resolveSibling("..data"))).isNotEqualTo(dataBefore);
        assertThat(Files.exists(file.resolveSibling("level"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .as("a removed key disappears").isFalse();
        assertThat(Files.exists(file.resolveSibling(dataBefore))).as("old generation removed").isFalse();
    }

    @Test
    void missingConfigMapWaitsOptionalIsEmptyMissingKeyWaits() throws Exception {
        PodVolumes volumes = volumes(HostPathPolicy.of(new String[0]));
        assertReason(() -> volumes.prepare(pod("[{'name':'cfg','configMap':{'name':'absent'}}]")),
                PodSpecException.CONFIG_ERROR, "absent");
        Path empty = volumes.prepare(pod("[{'name':'cfg','configMap':{'name':'absent','optional':true}}]")).get("cfg");
        assertThat(visible(empty)).isEmpty();
        assertReason(() -> volumes.prepare(pod("[{'name':'cfg','configMap':{'name':'settings',"
                + "'items':[{'key':'nokey','path':'x'}]}}]")), PodSpecException.CONFIG_ERROR, "nokey");
    }

    @Test
    void secretVolumeReadsOnlyTheReferencedSecretWithOwnerOnlyMode() throws Exception {
        Path dir = volumes(HostPathPolicy.of(new String[0]))
                .prepare(pod("[{'name':'sec','secret':{'secretName':'creds','items':[{'key':'password','path':'pw'}]}}]"))
                .get("sec");
        assertThat(Files.readString(dir.resolve("pw"))).isEqualTo("s3cret");
        assertThat(mode(dir.resolve("pw"))).isEqualTo("rw-------");
        assertThat(visible(dir)).containsExactly("pw");
        assertThat(store.reads).containsExactly("shop/secret/creds");
        try (Stream<Path> all = Files.walk(temp)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> readQuietly(p))).doesNotContain("other", "admin");
        }
    }

    @Test
    void emptyDirKeepsItsContentAcrossPassesAndRemoveDeletesThePodFolder() throws Exception {
        PodVolumes volumes = volumes(HostPathPolicy.of(new String[0]));
        JsonNode pod = pod("[{'name':'scratch','emptyDir':{}},{'name':'mem','emptyDir':{'medium':'Memory'}}]");
        Path scratch = volumes.prepare(pod).get("scratch");
        Files.writeString(scratch.resolve("kept"), "x");
        assertThat(volumes.prepare(pod).get("mem")).isDirectory();
        assertThat(scratch.resolve("kept")).hasContent("x");
        volumes.remove("uid-1");
        assertThat(temp.resolve("pods/uid-1")).doesNotExist();
        assertThat(temp.resolve("pods")).exists();
    }

    @Test
    void hostPathAllowedRefusedEscapingAndTyped() throws Exception {
        Path allowed = Files.createDirectories(temp.resolve("allowed"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(allowed.resolve("link"), outside);
        PodVolumes volumes = volumes(HostPathPolicy.of(new String[] {allowed.toString()}));

        Path made = volumes.prepare(pod("[{'name':'h','hostPath':{'path':'" + allowed.resolve("new/dir")
                + "','type':'DirectoryOrCreate'}}]")).get("h");
        assertThat(made).isDirectory().isEqualTo(allowed.resolve("new/dir"));
        Path file = volumes.prepare(pod("[{'name':'h','hostPath':{'path':'" + allowed.resolve("f.sock")
                + "','type':'FileOrCreate'}}]")).get("h");
        assertThat(file).isRegularFile();

        assertReason(() -> volumes.prepare(pod("[{'name':'h','hostPath':{'path':'" + outside + "'}}]")),
                PodSpecException.INVALID_SPEC, "outside the node's allowed");
        assertReason(() -> volumes.prepare(pod("[{'name':'h','hostPath':{'path':'" + allowed + "/../outside'}}]")),
                PodSpecException.INVALID_SPEC, "'..'");
        assertReason(() -> volumes.prepare(pod("[{'name':'h','hostPath':{'path':'" + allowed.resolve("link/x")
                + "','type':'DirectoryOrCreate'}}]")), PodSpecException.INVALID_SPEC, "outside");
        assertThat(outside.resolve("x")).doesNotExist();
        assertReason(() -> volumes.prepare(pod("[{'name':'h','hostPath':{'path':'" + allowed.resolve("none")
                + "','type':'Directory'}}]")), PodSpecException.CONFIG_ERROR, "not an existing directory");
        assertReason(() -> volumes.prepare(pod("[{'name':'h','hostPath':{'path':'" + file + "','type':'Socket'}}]")),
                PodSpecException.CONFIG_ERROR, "socket");
        assertThat(volumes(HostPathPolicy.of(new String[0])).prepare(
                pod("[{'name':'h','hostPath':{'path':'" + outside + "','type':'Directory'}}]")).get("h"))
                .as("empty allow-list allows all").isEqualTo(outside);
    }

    @Test
    void itemPathsThatLeaveTheVolumeAreRefused() {
        PodVolumes volumes = volumes(HostPathPolicy.of(new String[0]));
        for (String path : List.of("../escape", "a/../../b", "/abs", "..hidden", "a//b", "")) {
            assertReason(() -> volumes.prepare(pod("[{'name':'cfg','configMap':{'name':'settings',"
                    + "'items':[{'key':'level','path':'" + path + "'}]}}]")), PodSpecException.INVALID_SPEC, "path");
        }
        assertThat(temp.resolve("escape")).doesNotExist();
    }

    @Test
    void projectedAndDownwardApi() throws Exception {
        Path dir = volumes(HostPathPolicy.of(new String[0])).prepare(pod("[{'name':'all','projected':{'sources':["
                + "{'configMap':{'name':'settings','items':[{'key':'level','path':'cfg/level'}]}},"
                + "{'secret':{'name':'creds','items':[{'key':'user','path':'user'}]}},"
                + "{'serviceAccountToken':{'path':'token'}},"
                + "{'downwardAPI':{'items':[{'path':'ns','fieldRef':{'fieldPath':'metadata.namespace'}}]}}]}},"
                + "{'name':'meta','downwardAPI':{'items':[{'path':'labels','fieldRef':{'fieldPath':'metadata.labels'}},"
                + "{'path':'name','fieldRef':{'fieldPath':'metadata.name'}},"
                + "{'path':'uid','fieldRef':{'fieldPath':'metadata.uid'}},"
                + "{'path':'annotations','fieldRef':{'fieldPath':'metadata.annotations'}},"
                + "{'path':'mem','resourceFieldRef':{'containerName':'c','resource':'limits.memory','divisor':'1Ki'}}]}}]"))
                .get("all");
        assertThat(dir.resolve("cfg/level")).hasContent("3");
        assertThat(dir.resolve("user")).hasContent("admin");
        assertThat(mode(dir.resolve("user"))).isEqualTo("rw-------");
        assertThat(dir.resolve("ns")).hasContent("shop");
        assertThat(visible(dir)).containsExactlyInAnyOrder("cfg", "user", "ns");
        Path meta = dir.resolveSibling("meta");
        assertThat(meta.resolve("labels")).hasContent("app=\"web\"");
        assertThat(meta.resolve("name")).hasContent("web");
        assertThat(meta.resolve("uid")).hasContent("uid-1");
        assertThat(meta.resolve("annotations")).hasContent("a=\"b\"");
        assertThat(meta.resolve("mem")).hasContent("2048");
        assertReason(() -> volumes(HostPathPolicy.of(new String[0])).prepare(pod("[{'name':'d','downwardAPI':"
                + "{'items':[{'path':'n','fieldRef':{'fieldPath':'spec.nodeName'}}]}}]")),
                PodSpecException.INVALID_SPEC, "spec.nodeName");
    }

    @Test
    void mountsFromVolumeMounts() throws Exception {
        PodVolumes volumes = volumes(HostPathPolicy.of(new String[0]));
        Map<String, Path> prepared = volumes.prepare(pod("[{'name':'cfg','configMap':{'name':'settings'}},"
                + "{'name':'scratch','emptyDir':{}}]"));
        List<Mount> mounts = volumes.mounts(json("{'name':'c','volumeMounts':[{'name':'cfg','mountPath':'/etc/app',"
                + "'readOnly':true},{'name':'scratch','mountPath':'/data','subPath':'sub/dir'}]}"), prepared);
        assertThat(mounts).containsExactly(new Mount("/etc/app", prepared.get("cfg").toString(), true),
                new Mount("/data", prepared.get("scratch").resolve("sub/dir").toString(), false));
        assertThat(prepared.get("scratch").resolve("sub/dir")).isDirectory();

        assertReason(() -> volumes.mounts(json("{'volumeMounts':[{'name':'nope','mountPath':'/x'}]}"), prepared),
                PodSpecException.INVALID_SPEC, "nope");
        assertReason(() -> volumes.mounts(json("{'volumeMounts':[{'name':'scratch','mountPath':'/x','subPath':'../..'}]}"),
                prepared), PodSpecException.INVALID_SPEC, "..");
        Files.createSymbolicLink(prepared.get("scratch").resolve("out"), temp);
        assertReason(() -> volumes.mounts(json("{'volumeMounts':[{'name':'scratch','mountPath':'/x','subPath':'out'}]}"),
                prepared), PodSpecException.INVALID_SPEC, "leaves its volume");
    }

    @Test
    void unknownKindsAndBadNamesAreInvalid() {
        PodVolumes volumes = volumes(HostPathPolicy.of(new String[0]));
        assertReason(() -> volumes.prepare(pod("[{'name':'v','persistentVolumeClaim':{'claimName':'x'}}]")),
                PodSpecException.INVALID_SPEC, "not supported");
        assertReason(() -> volumes.prepare(pod("[{'name':'../x','emptyDir':{}}]")), PodSpecException.INVALID_SPEC, "DNS");
        assertReason(() -> volumes.prepare(json("{'metadata':{'uid':'../up'},'spec':{'volumes':[]}}")),
                PodSpecException.INVALID_SPEC, "uid");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> visible(Path dir) throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("..")).toList();
        }
    }

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path);
        } catch (Exception binary) {
            return "";
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertReason(Call call, String reason, String mentioned) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PodSpecException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(mentioned);
        });
    }
}
