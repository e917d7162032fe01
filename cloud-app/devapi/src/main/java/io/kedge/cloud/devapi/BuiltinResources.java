package io.kedge.cloud.devapi;

import java.util.List;

/** The built-in resource types this development API server advertises in discovery. */
final class BuiltinResources {

  private static final ApiResource NODES = ApiResource.of("", "v1", "nodes", "Node", false, "no");
  private static final ApiResource PODS = ApiResource.of("", "v1", "pods", "Pod", true, "po");
  private static final ApiResource SERVICES = ApiResource.of("", "v1", "services", "Service", true, "svc");
  private static final ApiResource NAMESPACES = ApiResource.of("", "v1", "namespaces", "Namespace", false, "ns");
  private static final ApiResource DEPLOYMENTS = ApiResource.of("apps", "v1", "deployments", "Deployment", true, "deploy");
  private static final ApiResource REPLICASETS = ApiResource.of("apps", "v1", "replicasets", "ReplicaSet", true, "rs");
  private static final ApiResource DAEMONSETS = ApiResource.of("apps", "v1", "daemonsets", "DaemonSet", true, "ds");

  static final List<ApiResource> ALL = List.of(
      NAMESPACES, NAMESPACES.statusSubresource(),
      NODES, NODES.statusSubresource(),
      PODS, PODS.statusSubresource(),
      ApiResource.of("", "v1", "configmaps", "ConfigMap", true, "cm"),
      ApiResource.of("", "v1", "secrets", "Secret", true),
      SERVICES, SERVICES.statusSubresource(),
      ApiResource.of("", "v1", "endpoints", "Endpoints", true, "ep"),
      ApiResource.of("", "v1", "events", "Event", true, "ev"),
      ApiResource.of("", "v1", "serviceaccounts", "ServiceAccount", true, "sa"),
      ApiResource.of("coordination.k8s.io", "v1", "leases", "Lease", true),
      ApiResource.of("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true),
      DEPLOYMENTS, DEPLOYMENTS.statusSubresource(),
      REPLICASETS, REPLICASETS.statusSubresource(),
      DAEMONSETS, DAEMONSETS.statusSubresource(),
      ApiResource.of("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
          false, "crd", "crds"));

  private BuiltinResources() {
  }
}
