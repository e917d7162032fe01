package io.kedge.protocol.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One pod status report sent twice, as a merge patch and then as a strategic merge patch: the edge's
 * MetaServer and the cloud's stand-in API must both end at {@link #EXPECTED_STATUS}. Shared through
 * protocol's test jar so each side's test runs it against its own HTTP endpoint.
 */
public final class PodStatusPatchExample {
    /** Sent first, as application/merge-patch+json. */
    public static final String FIRST = json("{'status':{'phase':'Pending',"
            + "'conditions':[{'type':'PodScheduled','status':'True'},{'type':'Ready','status':'False'}],"
            + "'containerStatuses':[{'name':'app','ready':false},{'name':'sidecar','ready':false}],"
            + "'podIPs':[{'ip':'10.0.0.7'}]}}");
    /** Sent second, as application/strategic-merge-patch+json. */
    public static final String STRATEGIC = json("{'status':{'phase':'Running',"
            + "'conditions':[{'type':'Ready','status':'True'}],"
            + "'containerStatuses':[{'name':'sidecar','ready':true},{'name':'init','$patch':'delete'}],"
            + "'podIPs':[{'ip':'fd00::7'}]}}");
    /** The status both sides must show afterwards (fields other than these are not compared). */
    public static final String EXPECTED_STATUS = json("{'phase':'Running',"
            + "'conditions':[{'type':'PodScheduled','status':'True'},{'type':'Ready','status':'True'}],"
            + "'containerStatuses':[{'name':'app','ready':false},{'name':'sidecar','ready':true}],"
            + "'podIPs':[{'ip':'10.0.0.7'},{'ip':'fd00::7'}]}");

    private PodStatusPatchExample() {
    }

    /** Fails unless {@code status} carries every field of {@link #EXPECTED_STATUS} with its value. */
    public static void assertExpected(JsonNode status) {
        JsonNode expected = MergePatchTest.json(EXPECTED_STATUS);
        for (Map.Entry<String, JsonNode> field : expected.properties()) {
            assertThat(status.get(field.getKey())).as(field.getKey()).isEqualTo(field.getValue());
        }
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
