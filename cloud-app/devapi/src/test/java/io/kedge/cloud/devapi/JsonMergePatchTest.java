package io.kedge.cloud.devapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.kube.MergePatch;
import io.kedge.protocol.kube.StrategicMergePatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JsonMergePatchTest {

  private static JsonNode json(String text) {
    return JsonResponses.read(text.replace('\'', '"'));
  }

  @Test
  void mergePatchFollowsRfc7386() {
    JsonNode merged = MergePatch.merge(json("{'a':1,'b':{'c':2,'d':3},'l':[1,2]}"),
        json("{'a':null,'b':{'c':9},'l':[3]}"));
    assertThat(merged).isEqualTo(json("{'b':{'c':9,'d':3},'l':[3]}"));
  }

  @Test
  void strategicMergeMergesListsByKeyAndHonoursDirectives() {
    JsonNode current = json("{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}}");
    JsonNode patch = json("{'$setElementOrder/containers':[{'name':'a'}],"
        + "'spec':{'containers':[{'name':'a','image':'z'},{'name':'b','$patch':'delete'},{'name':'c','image':'w'}]}}");
    JsonNode merged = StrategicMergePatch.apply(current, patch);
    assertThat(merged).isEqualTo(json("{'spec':{'containers':[{'name':'a','image':'z'},{'name':'c','image':'w'}]}}"));
  }

  @Test
  void agesLookLikeKubectl() {
    assertThat(HumanAge.format(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(HumanAge.format(Duration.ofSeconds(192))).isEqualTo("3m12s");
    assertThat(HumanAge.format(Duration.ofHours(5))).isEqualTo("5h");
    assertThat(HumanAge.format(Duration.ofDays(12))).isEqualTo("12d");
  }
}
