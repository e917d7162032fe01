package io.kedge.cloud.devapi;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The custom resource definitions the cloud-app works with (cloud-app/deploy/, copied into this jar under
 * {@code crds/}): a real cluster gets them with {@code kubectl apply -f cloud-app/deploy/}, the embedded API
 * has them from its start, so {@code kubectl get devices} answers at once.
 */
final class BundledCrds {

  static final List<String> FILES = List.of("devices_v1beta1_devicemodel.yaml", "devices_v1beta1_device.yaml",
      "devices_v1beta1_devicestatus.yaml", "kedge.io_v1alpha1_mapper.yaml");
  private static final int CREATED = 201;
  private static final int CONFLICT = 409;

  private BundledCrds() {
  }

  /** Creates each CRD, or replaces the one a saved state brought back (a newer Kedge may have changed it). */
  static void install(CrudStore store) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (String file : FILES) {
      CustomResourceDefinition crd = read(serialization, file);
      String json = serialization.asJson(crd);
      MockResponse created = store.post(CrdResources.CRD_PATH, json);
      if (created.code() == CONFLICT) {
        CustomResourceDefinition stored = serialization.unmarshal(
            store.get(CrdResources.CRD_PATH + "/" + crd.getMetadata().getName()).toString(),
            CustomResourceDefinition.class);
        crd.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
        crd.getMetadata().setUid(stored.getMetadata().getUid());
        store.put(CrdResources.CRD_PATH + "/" + crd.getMetadata().getName(), serialization.asJson(crd));
      } else if (created.code() != CREATED) {
        throw new IllegalStateException("The embedded API refused CRD " + file + ": " + created.code());
      }
    }
  }

  private static CustomResourceDefinition read(KubernetesSerialization serialization, String file) {
    try (InputStream in = BundledCrds.class.getResourceAsStream("/crds/" + file)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + file + " is missing from the jar");
      }
      return serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read CRD " + file, e);
    }
  }
}
