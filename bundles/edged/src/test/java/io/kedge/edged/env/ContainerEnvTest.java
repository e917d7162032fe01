package io.kedge.edged.env;

import static io.kedge.edged.testing.MapMetaStore.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.edged.pod.PodSpecException;
import io.kedge.edged.testing.MapMetaStore;
import io.kedge.runtime.api.ContainerSpec.EnvVar;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerEnvTest {
    private static final JsonNode POD = json("{'metadata':{'name':'web','namespace':'shop','uid':'u-1',"
            + "'labels':{'app':'web','tier':'front'},'annotations':{'note':'a \\\"q\\\"'}},"
            + "'spec':{'serviceAccountName':'sa','containers':[{'name':'c','resources':{'limits':"
            + "{'cpu':'1500m','memory':'64Mi'},'requests':{'cpu':'250m'}}}]}}");

    private final MapMetaStore store = new MapMetaStore()
            .configMap("shop", "settings", Map.of("MODE", "fast", "bad name", "x", "1X", "y", "LEVEL", "3"))
            .secret("shop", "creds", Map.of("PASSWORD", "s3cret"));

    private List<EnvVar> resolve(String container) throws PodSpecException {
        return ContainerEnv.resolve(POD, json(container), store, "node-a", "10.0.0.5", "192.168.1.2");
    }

    @Test
    void envFromComesFirstThenEnvInOrderAndLaterNamesReplaceInPlace() throws Exception {
        List<EnvVar> env = resolve("{'name':'c','envFrom':[{'configMapRef':{'name':'settings'}}],"
                + "'env':[{'name':'Z','value':'1'},{'name':'MODE','value':'slow'},{'name':'A','value':'2'}]}");
        assertThat(env).extracting(EnvVar::name).containsExactly("LEVEL", "MODE", "Z", "A");
        assertThat(env).contains(new EnvVar("MODE", "slow"));
    }

    @Test
    void envFromPrefixAndInvalidNamesSkipped() throws Exception {
        List<EnvVar> env = resolve("{'name':'c','envFrom':[{'prefix':'CFG_','configMapRef':{'name':'settings'}},"
                + "{'secretRef':{'name':'creds'}}]}");
        // "bad name" holds a space: skipped; "1X" becomes CFG_1X, a valid name with the prefix
        assertThat(env).containsExactly(new EnvVar("CFG_1X", "y"), new EnvVar("CFG_LEVEL", "3"),
                new EnvVar("CFG_MODE", "fast"), new EnvVar("PASSWORD", "s3cret"));
    }

    @Test
    void expandsEarlierVarsKeepsUnknownAndEscapesDollar() throws Exception {
        List<EnvVar> env = resolve("{'name':'c','env':[{'name':'HOST','value':'db'},"
                + "{'name':'URL','value':'$(HOST):5432/$(LATER)/$$(HOST)/$$/a$b/$(open'},"
                + "{'name':'LATER','value':'x'}]}");
        assertThat(env).contains(new EnvVar("URL", "db:5432/$(LATER)/$(HOST)/$/a$b/$(open"));
    }

    @Test
    void valueFromKeysAndFields() throws Exception {
        List<EnvVar> env = resolve("{'name':'c','env':["
                + "{'name':'M','valueFrom':{'configMapKeyRef':{'name':'settings','key':'MODE'}}},"
                + "{'name':'P','valueFrom':{'secretKeyRef':{'name':'creds','key':'PASSWORD'}}},"
                + "{'name':'OPT','valueFrom':{'configMapKeyRef':{'name':'settings','key':'nope','optional':true}}},"
                + "{'name':'OPT2','valueFrom':{'secretKeyRef':{'name':'absent','key':'k','optional':true}}},"
                + field("NAME", "metadata.name") + "," + field("NS", "metadata.namespace") + ","
                + field("UID", "metadata.uid") + "," + field("APP", "metadata.labels['app']") + ","
                + field("NOTE", "metadata.annotations['note']") + "," + field("NODE", "spec.nodeName") + ","
                + field("SA", "spec.serviceAccountName") + "," + field("IP", "status.podIP") + ","
                + field("IPS", "status.podIPs") + "," + field("HOST", "status.hostIP") + ","
                + field("LABELS", "metadata.labels") + ","
                + "{'name':'CPU','valueFrom':{'resourceFieldRef':{'resource':'limits.cpu'}}},"
                + "{'name':'MCPU','valueFrom':{'resourceFieldRef':{'resource':'requests.cpu','divisor':'1m'}}},"
                + "{'name':'MEM','valueFrom':{'resourceFieldRef':{'resource':'limits.memory','divisor':'1Mi'}}}]}");
        assertThat(env).containsExactly(new EnvVar("M", "fast"), new EnvVar("P", "s3cret"),
                new EnvVar("NAME", "web"), new EnvVar("NS", "shop"), new EnvVar("UID", "u-1"),
                new EnvVar("APP", "web"), new EnvVar("NOTE", "a \"q\""), new EnvVar("NODE", "node-a"),
                new EnvVar("SA", "sa"), new EnvVar("IP", "10.0.0.5"), new EnvVar("IPS", "10.0.0.5"),
                new EnvVar("HOST", "192.168.1.2"), new EnvVar("LABELS", "app=\"web\"\ntier=\"front\""),
                new EnvVar("CPU", "2"), new EnvVar("MCPU", "250"), new EnvVar("MEM", "64"));
    }

    @Test
    void missingRequiredSourcesMakeThePodWait() {
        assertConfigError("{'name':'c','env':[{'name':'M','valueFrom':{'configMapKeyRef':{'name':'settings','key':'nope'}}}]}",
                "nope");
        assertConfigError("{'name':'c','env':[{'name':'M','valueFrom':{'secretKeyRef':{'name':'absent','key':'k'}}}]}",
                "absent");
        assertConfigError("{'name':'c','envFrom':[{'configMapRef':{'name':'absent'}}]}", "absent");
    }

    @Test
    void optionalMissingEnvFromIsEmptyAndSecretsAreReadOnlyWhenNamed() throws Exception {
        assertThat(resolve("{'name':'c','envFrom':[{'secretRef':{'name':'absent','optional':true}}]}")).isEmpty();
        assertThat(store.reads).containsExactly("shop/secret/absent");
    }

    @Test
    void malformedEnvIsInvalid() {
        assertThatThrownBy(() -> resolve("{'name':'c','env':[{'name':'X','valueFrom':{'fieldRef':{'fieldPath':'spec.secret'}}}]}"))
                .isInstanceOf(PodSpecException.class).extracting("reason").isEqualTo(PodSpecException.INVALID_SPEC);
        assertThatThrownBy(() -> resolve("{'name':'c','env':[{'value':'nameless'}]}"))
                .isInstanceOf(PodSpecException.class).extracting("reason").isEqualTo(PodSpecException.INVALID_SPEC);
    }

    private void assertConfigError(String container, String mentioned) {
        assertThatThrownBy(() -> resolve(container)).isInstanceOfSatisfying(PodSpecException.class, e -> {
            assertThat(e.reason()).isEqualTo(PodSpecException.CONFIG_ERROR);
            assertThat(e.getMessage()).contains(mentioned);
        });
    }

    private static String field(String name, String path) {
        return "{'name':'" + name + "','valueFrom':{'fieldRef':{'fieldPath':'" + path.replace("'", "\\u0027") + "'}}}";
    }
}
