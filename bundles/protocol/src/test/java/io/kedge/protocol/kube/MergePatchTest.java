package io.kedge.protocol.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one merge patch the cloud's stand-in API and the edge's MetaServer both apply. */
public class MergePatchTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** RFC 7386, Appendix A. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'a':'b'}                | {'a':'c'}                        | {'a':'c'}",
        "{'a':'b'}                | {'b':'c'}                        | {'a':'b','b':'c'}",
        "{'a':'b'}                | {'a':null}                       | {}",
        "{'a':'b','b':'c'}        | {'a':null}                       | {'b':'c'}",
        "{'a':['b']}              | {'a':'c'}                        | {'a':'c'}",
        "{'a':'c'}                | {'a':['b']}                      | {'a':['b']}",
        "{'a':{'b':'c'}}          | {'a':{'b':'d','c':null}}         | {'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}        | {'a':[1]}                        | {'a':[1]}",
        "['a','b']                | ['c','d']                        | ['c','d']",
        "{'a':'b'}                | ['c']                            | ['c']",
        "{'a':'foo'}              | null                             | null",
        "{'a':'foo'}              | 'bar'                            | 'bar'",
        "{'e':null}               | {'a':1}                          | {'e':null,'a':1}",
        "[1,2]                    | {'a':'b','c':null}               | {'a':'b'}",
        "{}                       | {'a':{'bb':{'ccc':null}}}        | {'a':{'bb':{}}}",
    })
    void mergePatchFollowsRfc7386(String target, String patch, String expected) {
        JsonNode before = json(target);
        assertThat(MergePatch.merge(before, json(patch))).isEqualTo(json(expected));
        assertThat(before).as("the target is not changed").isEqualTo(json(target));
    }

    @Test
    void aPlainMergeReplacesListsWhole() {
        assertThat(MergePatch.apply("application/merge-patch+json",
                json("{'conditions':[{'type':'Ready','status':'False'},{'type':'PodScheduled','status':'True'}]}"),
                json("{'conditions':[{'type':'Ready','status':'True'}]}")))
                .isEqualTo(json("{'conditions':[{'type':'Ready','status':'True'}]}"));
    }

    @Test
    void strategicMergeMergesPodStatusListsByTheirKubernetesKeys() {
        JsonNode status = json("{'phase':'Pending',"
                + "'conditions':[{'type':'PodScheduled','status':'True'},{'type':'Ready','status':'False'}],"
                + "'containerStatuses':[{'name':'a','ready':false},{'name':'b','ready':false}],"
                + "'podIPs':[{'ip':'10.0.0.1'}]}");
        JsonNode patch = json("{'phase':'Running',"
                + "'conditions':[{'type':'Ready','status':'True'}],"
                + "'containerStatuses':[{'name':'b','ready':true},{'name':'c','ready':true}],"
                + "'podIPs':[{'ip':'fd00::1'}]}");
        assertThat(MergePatch.apply("application/strategic-merge-patch+json; charset=utf-8", status, patch))
                .isEqualTo(json("{'phase':'Running',"
                        + "'conditions':[{'type':'PodScheduled','status':'True'},{'type':'Ready','status':'True'}],"
                        + "'containerStatuses':[{'name':'a','ready':false},{'name':'b','ready':true},"
                        + "{'name':'c','ready':true}],"
                        + "'podIPs':[{'ip':'10.0.0.1'},{'ip':'fd00::1'}]}"));
    }

    @Test
    void strategicMergeKeysEveryStatusListOfAPod() {
        for (String list : new String[] {"initContainerStatuses", "ephemeralContainerStatuses"}) {
            assertThat(StrategicMergePatch.apply(json("{'" + list + "':[{'name':'a','x':1},{'name':'b'}]}"),
                    json("{'" + list + "':[{'name':'a','x':2}]}")))
                    .isEqualTo(json("{'" + list + "':[{'name':'a','x':2},{'name':'b'}]}"));
        }
        assertThat(StrategicMergePatch.apply(json("{'hostIPs':[{'ip':'1.1.1.1'}]}"),
                json("{'hostIPs':[{'ip':'1.1.1.1'},{'ip':'2.2.2.2'}]}")))
                .isEqualTo(json("{'hostIPs':[{'ip':'1.1.1.1'},{'ip':'2.2.2.2'}]}"));
    }

    @Test
    void strategicMergeGuessesTheKeyOfOtherListsOfObjects() {
        JsonNode current = json("{'spec':{'ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443}]}}");
        JsonNode patch = json("{'spec':{'ports':[{'containerPort':80,'protocol':'UDP'}]}}");
        assertThat(StrategicMergePatch.apply(current, patch))
                .isEqualTo(json("{'spec':{'ports':[{'containerPort':80,'protocol':'UDP'},{'containerPort':443}]}}"));
        assertThat(StrategicMergePatch.apply(json("{'args':['a','b']}"), json("{'args':['c']}")))
                .as("lists of scalars are replaced").isEqualTo(json("{'args':['c']}"));
    }

    @Test
    void patchDeleteRemovesAnElementOrAField() {
        JsonNode current = json("{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}],"
                + "'affinity':{'nodeAffinity':{}}}}");
        JsonNode patch = json("{'$setElementOrder/containers':[{'name':'a'}],"
                + "'spec':{'containers':[{'name':'a','image':'z'},{'name':'b','$patch':'delete'},"
                + "{'name':'c','image':'w'}],'affinity':{'$patch':'delete'}}}");
        assertThat(StrategicMergePatch.apply(current, patch))
                .isEqualTo(json("{'spec':{'containers':[{'name':'a','image':'z'},{'name':'c','image':'w'}]}}"));
    }

    @Test
    void patchReplaceReplacesAnObjectOrAList() {
        assertThat(StrategicMergePatch.apply(json("{'m':{'a':1,'b':2}}"), json("{'m':{'$patch':'replace','c':3}}")))
                .isEqualTo(json("{'m':{'c':3}}"));
        assertThat(StrategicMergePatch.apply(json("{'conditions':[{'type':'A'},{'type':'B'}]}"),
                json("{'conditions':[{'type':'C'},{'$patch':'replace'}]}")))
                .isEqualTo(json("{'conditions':[{'type':'C'}]}"));
    }

    @Test
    void retainKeysDropsEveryOtherField() {
        assertThat(StrategicMergePatch.apply(
                json("{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}"),
                json("{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}")))
                .isEqualTo(json("{'strategy':{'type':'Recreate'}}"));
    }

    @Test
    void deleteFromPrimitiveListRemovesThoseValues() {
        assertThat(StrategicMergePatch.apply(json("{'finalizers':['a','b','c']}"),
                json("{'$deleteFromPrimitiveList/finalizers':['b']}")))
                .isEqualTo(json("{'finalizers':['a','c']}"));
    }

    @Test
    void malformedStrategicPatchesAreRefusedWithAReason() {
        assertThatThrownBy(() -> StrategicMergePatch.apply(json("{}"), json("{'$unknown':1}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$unknown");
        assertThatThrownBy(() -> StrategicMergePatch.apply(json("{}"), json("{'a':{'$patch':'explode'}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("explode");
        assertThatThrownBy(() -> StrategicMergePatch.apply(json("{}"), json("{'$retainKeys':'a'}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$retainKeys");
        assertThatThrownBy(() -> StrategicMergePatch.apply(json("{'conditions':[]}"),
                json("{'conditions':[{'status':'True'}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("merge key type");
        assertThatThrownBy(() -> MergePatch.apply("application/json-patch+json", json("{}"), json("[]")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSharedPodStatusExampleHoldsHere() {
        JsonNode first = MergePatch.apply(MergePatch.MERGE_PATCH, json("{}"), json(PodStatusPatchExample.FIRST));
        PodStatusPatchExample.assertExpected(MergePatch.apply(MergePatch.STRATEGIC_MERGE_PATCH, first,
                json(PodStatusPatchExample.STRATEGIC)).path("status"));
    }

    @Test
    void aPlainMergePatchTakesDirectivesLiterally() {
        assertThat(MergePatch.merge(json("{}"), json("{'$patch':'delete'}"))).isEqualTo(json("{'$patch':'delete'}"));
    }

    public static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
