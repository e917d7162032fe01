package io.kedge.cloud.devapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import io.kedge.protocol.testing.RandomInputs;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protobuf bodies of kubectl's typed commands, as client-go encodes them, read into the JSON the store keeps. */
class ProtobufBodiesTest {

  @Test
  void aSecretKeepsItsMetadataTypeAndBinaryData() throws Exception {
    V1.Secret secret = V1.Secret.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("db").setNamespace("demo")
            .putLabels("app", "web").setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_700_000_000L)))
        .setType("Opaque")
        .putData("password", ByteString.copyFrom(new byte[] {0, 1, (byte) 0xff}))
        .build();

    JsonNode json = ProtobufBodies.toJson(envelope("v1", "Secret", secret));

    assertThat(json.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(json.path("kind").asText()).isEqualTo("Secret");
    assertThat(json.at("/metadata/name").asText()).isEqualTo("db");
    assertThat(json.at("/metadata/namespace").asText()).isEqualTo("demo");
    assertThat(json.at("/metadata/labels/app").asText()).isEqualTo("web");
    assertThat(json.at("/metadata/creationTimestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(json.path("type").asText()).isEqualTo("Opaque");
    assertThat(json.at("/data/password").asText()).isEqualTo(Base64.getEncoder().encodeToString(new byte[] {0, 1, (byte) 0xff}));
    assertThat(json.has("stringData")).as("unset fields stay absent").isFalse();
  }

  @Test
  void aDeploymentKeepsIntOrStringAndQuantities() throws Exception {
    V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("web"))
        .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(2)
            .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                    .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))
                    .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(1))))
            .setTemplate(V1.PodTemplateSpec.newBuilder().setSpec(V1.PodSpec.newBuilder()
                .addContainers(V1.Container.newBuilder().setName("nginx").setImage("nginx")
                    .setResources(V1.ResourceRequirements.newBuilder()
                        .putLimits("memory", Resource.Quantity.newBuilder().setString("64Mi").build()))))))
        .build();

    JsonNode json = ProtobufBodies.toJson(envelope("apps/v1", "Deployment", deployment));

    assertThat(json.path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(json.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(json.at("/spec/strategy/rollingUpdate/maxSurge").isTextual()).isTrue();
    assertThat(json.at("/spec/strategy/rollingUpdate/maxSurge").asText()).isEqualTo("25%");
    assertThat(json.at("/spec/strategy/rollingUpdate/maxUnavailable").isInt()).isTrue();
    assertThat(json.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isEqualTo(1);
    assertThat(json.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx");
    assertThat(json.at("/spec/template/spec/containers/0/resources/limits/memory").asText()).isEqualTo("64Mi");
  }

  @Test
  void kindsWithoutPublishedTypesAndMalformedBodiesAreRefused() {
    byte[] unknownKind = envelope("v1", "NoSuchKind", V1.Secret.getDefaultInstance());
    byte[] unknownGroup = envelope("example.com/v1", "Widget", V1.Secret.getDefaultInstance());
    byte[] odd = envelope("../v1", "Secret", V1.Secret.getDefaultInstance());
    byte[] truncated = envelope("v1", "Secret", V1.Secret.newBuilder().setType("Opaque").build());
    byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 3);

    for (byte[] body : new byte[][] {unknownKind, unknownGroup, odd, cut, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]}) {
      assertThatThrownBy(() -> ProtobufBodies.toJson(body)).isInstanceOf(ProtobufBodies.UnsupportedBodyException.class);
    }
  }

  @Test
  void randomAndMutatedBodiesAreReadOrRefusedNeverAnythingElse() {
    List<byte[]> valid = List.of(
        envelope("v1", "Secret", V1.Secret.newBuilder().setType("Opaque")
            .setMetadata(Meta.ObjectMeta.newBuilder().setName("s")
                .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1)))
            .putData("k", ByteString.copyFromUtf8("v")).build()),
        envelope("apps/v1", "Deployment", V1Apps.Deployment.newBuilder()
            .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(1)
                .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setRollingUpdate(V1Apps.RollingUpdateDeployment
                    .newBuilder().setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("1%"))))).build()));
    RandomInputs.forAll(3000,
        random -> random.nextBoolean() ? RandomInputs.anyBytes(random, 300)
            : RandomInputs.mutate(random, RandomInputs.pick(random, valid.get(0), valid.get(1))),
        body -> {
          try {
            assertThat(ProtobufBodies.toJson(body).path("kind").asText()).isNotEmpty();
          } catch (ProtobufBodies.UnsupportedBodyException refused) {
            // the documented refusal
          }
        });
  }

  /** What client-go sends: the magic k8s\0, then a runtime.Unknown holding type meta and the object. */
  private static byte[] envelope(String apiVersion, String kind, Message object) {
    Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
        .setRaw(object.toByteString())
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'k', '8', 's', 0});
    out.writeBytes(unknown.toByteArray());
    return out.toByteArray();
  }
}
