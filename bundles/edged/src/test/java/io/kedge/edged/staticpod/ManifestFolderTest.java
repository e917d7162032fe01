package io.kedge.edged.staticpod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.MirrorPod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFolderTest {
    static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
                - name: app
                  image: busybox
                  command: [sh, -c, "sleep 3600"]
            """;

    @TempDir
    Path folder;

    @Test
    void aManifestRunsAsKubeletNamesAndMarksIt() throws IOException {
        write("web.yaml", WEB);

        List<JsonNode> pods = new ManifestFolder(folder, "edge-a").read();

        assertThat(pods).singleElement().satisfies(pod -> {
            assertThat(pod.path("metadata").path("name").asText()).isEqualTo("web-edge-a");
            assertThat(pod.path("metadata").path("namespace").asText()).isEqualTo("default");
            assertThat(pod.path("spec").path("nodeName").asText()).isEqualTo("edge-a");
            JsonNode annotations = pod.path("metadata").path("annotations");
            assertThat(annotations.path(MirrorPod.SOURCE_ANNOTATION).asText()).isEqualTo("file");
            assertThat(annotations.path(MirrorPod.HASH_ANNOTATION).asText())
                    .isEqualTo(pod.path("metadata").path("uid").asText()).hasSize(32);
            assertThat(pod.path("metadata").path("labels").path("app").asText()).isEqualTo("web");
            assertThat(StaticPod.isStatic(pod)).isTrue();
        });
    }

    @Test
    void addedChangedAndRemovedFilesAreSeenOnTheNextRead() throws IOException {
        ManifestFolder manifests = new ManifestFolder(folder, "edge-a");
        assertThat(manifests.read()).isEmpty();

        write("web.yaml", WEB);
        String firstUid = uidOf(manifests.read(), "web-edge-a");

        write("web.yaml", WEB.replace("sleep 3600", "sleep 60"));
        Files.setLastModifiedTime(folder.resolve("web.yaml"), FileTime.from(Instant.now().plusSeconds(5)));
        String changedUid = uidOf(manifests.read(), "web-edge-a");
        assertThat(changedUid).isNotEqualTo(firstUid);

        write("db.json", "{\"metadata\":{\"name\":\"db\",\"namespace\":\"plant\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"db\",\"image\":\"busybox\"}]}}");
        assertThat(manifests.read()).extracting(pod -> pod.path("metadata").path("name").asText())
                .containsExactly("db-edge-a", "web-edge-a");

        Files.delete(folder.resolve("web.yaml"));
        assertThat(manifests.read()).extracting(pod -> pod.path("metadata").path("name").asText())
                .containsExactly("db-edge-a");
    }

    @Test
    void theSameFileIsTheSamePodAfterARestartAndAnotherPodOnAnotherNode() throws IOException {
        write("web.yaml", WEB);

        String uid = uidOf(new ManifestFolder(folder, "edge-a").read(), "web-edge-a");

        assertThat(uidOf(new ManifestFolder(folder, "edge-a").read(), "web-edge-a")).isEqualTo(uid);
        assertThat(uidOf(new ManifestFolder(folder, "edge-b").read(), "web-edge-b")).isNotEqualTo(uid);
    }

    @Test
    void badManifestsAreLeftOutAndTheOthersKeepRunning() throws IOException {
        write("web.yaml", WEB);
        write("broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n");
        write("deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n");
        write("nameless.yaml", "kind: Pod\nspec:\n  containers: [{name: a, image: b}]\n");
        write("empty.yaml", "");
        write("no-containers.yaml", "kind: Pod\nmetadata: {name: idle}\nspec: {}\n");
        write("twin.yml", WEB); // the same pod again: the first file by name wins
        write(".hidden.yaml", WEB.replace("name: web", "name: hidden"));
        write("notes.txt", "not a manifest");

        List<JsonNode> pods = new ManifestFolder(folder, "edge-a").read();

        assertThat(pods).extracting(pod -> pod.path("metadata").path("name").asText()).containsExactly("web-edge-a");
    }

    @Test
    void aMissingFolderHasNoPods() {
        assertThat(new ManifestFolder(folder.resolve("absent"), "edge-a").read()).isEmpty();
    }

    @Test
    void theMirrorIsTheStaticPodWithTheMirrorAnnotationAndNoUid() throws IOException {
        write("web.yaml", WEB);
        JsonNode pod = new ManifestFolder(folder, "edge-a").read().get(0);

        JsonNode mirror = StaticPod.mirrorOf(pod);

        assertThat(MirrorPod.mirrorHash(mirror)).isEqualTo(StaticPod.hash(pod));
        assertThat(mirror.path("metadata").has("uid")).isFalse();
        assertThat(mirror.path("spec")).isEqualTo(pod.path("spec"));
        assertThat(MirrorPod.mirrorHash(pod)).isEmpty();
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content);
    }

    private static String uidOf(List<JsonNode> pods, String name) {
        return pods.stream().filter(pod -> pod.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow().path("metadata").path("uid").asText();
    }
}
