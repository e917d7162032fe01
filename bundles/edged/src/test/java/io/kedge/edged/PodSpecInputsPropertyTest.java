package io.kedge.edged;

import static io.kedge.edged.testing.MapMetaStore.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kedge.edged.env.ContainerEnv;
import io.kedge.edged.pod.PodSpecException;
import io.kedge.edged.probe.ProbeSpec;
import io.kedge.edged.testing.MapMetaStore;
import io.kedge.edged.volume.HostPathPolicy;
import io.kedge.edged.volume.PodVolumes;
import io.kedge.protocol.testing.RandomInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods come from the cloud: whatever their shape, reading them gives a {@link PodSpecException}
 * with a reason and a message, never another exception.
 */
class PodSpecInputsPropertyTest {
    private static final int TRIES = Integer.getInteger("kedge.random.tries", 400);

    private static final String CONTAINER = "{'name':'c','image':'busybox','ports':[{'name':'web','containerPort':8080}],"
            + "'resources':{'limits':{'cpu':'500m','memory':'64Mi'}},"
            + "'envFrom':[{'prefix':'P_','configMapRef':{'name':'settings'}},{'secretRef':{'name':'creds','optional':true}}],"
            + "'env':[{'name':'A','value':'$(P_level)-$$x'},{'name':'B','valueFrom':{'configMapKeyRef':{'name':'settings','key':'level'}}},"
            + "{'name':'C','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}},"
            + "{'name':'D','valueFrom':{'resourceFieldRef':{'resource':'limits.memory','divisor':'1Mi'}}},"
            + "{'name':'E','valueFrom':{'secretKeyRef':{'name':'creds','key':'password'}}}],"
            + "'volumeMounts':[{'name':'cfg','mountPath':'/etc/cfg'}]}";
    private static final List<String> PROBES = List.of(
            "{'httpGet':{'path':'/healthz','port':'web','httpHeaders':[{'name':'X','value':'1'}]},'periodSeconds':3}",
            "{'tcpSocket':{'port':6379},'timeoutSeconds':2,'failureThreshold':5}",
            "{'exec':{'command':['cat','/tmp/ok']},'initialDelaySeconds':4,'successThreshold':1}");

    @TempDir
    Path temp;

    private final MapMetaStore store = new MapMetaStore()
            .configMap("shop", "settings", Map.of("level", "3", "app.conf", "x"))
            .secret("shop", "creds", Map.of("password", "pw"));

    @Test
    void probeParsingOnlyEverRefusesWithAPodSpecException() {
        JsonNode container = json(CONTAINER);
        RandomInputs.forAll(TRIES, random -> random.nextInt(3) == 0 ? RandomInputs.anyJson(random, 4)
                : mutated(random, json(RandomInputs.pick(random, PROBES.toArray(new String[0])))),
                probe -> refusesCleanly(() -> ProbeSpec.parse(probe, container)));
    }

    @Test
    void envResolutionOnlyEverRefusesWithAPodSpecException() {
        JsonNode pod = validPod();
        RandomInputs.forAll(TRIES, random -> random.nextInt(3) == 0 ? RandomInputs.anyJson(random, 4)
                : mutated(random, pod),
                candidate -> refusesCleanly(() -> ContainerEnv.resolve(candidate,
                        candidate.path("spec").path("containers").path(0), store, "node", "10.0.0.1", "")));
    }

    @Test
    void volumePreparationOnlyEverRefusesWithAPodSpecException() {
        PodVolumes volumes = new PodVolumes(temp.resolve("pods"), store,
                HostPathPolicy.of(new String[] {temp.resolve("host").toString()}));
        JsonNode pod = validPod();
        RandomInputs.forAll(TRIES, random -> random.nextInt(3) == 0 ? RandomInputs.anyJson(random, 4)
                : mutated(random, pod),
                candidate -> refusesCleanly(() -> {
                    Map<String, Path> prepared = volumes.prepare(candidate);
                    volumes.mounts(candidate.path("spec").path("containers").path(0), prepared);
                    prepared.values().forEach(path -> assertThat(path.normalize().startsWith(temp)).isTrue());
                }));
    }

    private JsonNode validPod() {
        return json("{'metadata':{'name':'web','namespace':'shop','uid':'uid-1','labels':{'a':'b'}},'spec':{"
                + "'containers':[" + CONTAINER + "],'volumes':[{'name':'cfg','configMap':{'name':'settings',"
                + "'items':[{'key':'level','path':'l/level','mode':256}]}},{'name':'sec','secret':{'secretName':'creds'}},"
                + "{'name':'tmp','emptyDir':{}},{'name':'host','hostPath':{'path':'" + temp.resolve("host/x")
                + "','type':'DirectoryOrCreate'}},{'name':'proj','projected':{'defaultMode':420,'sources':["
                + "{'configMap':{'name':'settings'}},{'downwardAPI':{'items':[{'path':'n','fieldRef':"
                + "{'fieldPath':'metadata.name'}}]}}]}},{'name':'dw','downwardAPI':{'items':[{'path':'m',"
                + "'resourceFieldRef':{'containerName':'c','resource':'limits.cpu','divisor':'1m'}}]}}]}}");
    }

    /** {@code valid} with one to three of its values (or the whole) replaced by random JSON. */
    private static JsonNode mutated(Random random, JsonNode valid) {
        JsonNode copy = valid.deepCopy();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(copy, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object && object.size() > 0) {
                Iterator<String> names = object.fieldNames();
                String name = names.next();
                for (int skip = random.nextInt(object.size()); skip > 0; skip--) {
                    name = names.next();
                }
                if (random.nextInt(5) == 0) {
                    object.remove(name);
                } else {
                    object.set(name, RandomInputs.anyJson(random, 2));
                }
            } else if (target instanceof ArrayNode array && array.size() > 0) {
                array.set(random.nextInt(array.size()), RandomInputs.anyJson(random, 2));
            }
        }
        return copy;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void refusesCleanly(Call call) throws Exception {
        try {
            call.run();
        } catch (PodSpecException refused) {
            assertThat(refused.reason()).isIn(PodSpecException.CONFIG_ERROR, PodSpecException.INVALID_SPEC);
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
