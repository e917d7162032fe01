package io.kedge.distro;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Pods of the local busybox image, as the containerd end-to-end tests apply them, and what they look at. */
final class BusyboxPods {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private BusyboxPods() {
    }

    /** A container {@code main} running {@code script} under {@code sh -c}, from the imported image only. */
    static ContainerBuilder container(String script) {
        return new ContainerBuilder().withName("main").withImage("busybox").withImagePullPolicy("IfNotPresent")
                .withCommand("/bin/sh", "-c", script);
    }

    /** A pod bound to {@code node} with a grace period of 1 s. */
    static PodBuilder pod(String namespace, String node, String name, String restartPolicy, Container main) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNodeName(node).withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(1L)
                .withContainers(main).endSpec();
    }

    /** The status of the pod's condition {@code type}, or "" without it. */
    static String condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(PodCondition::getStatus).findFirst().orElse("");
    }

    /** GET http://IP:8080PATH from the node's host; fails unless it answers 200. */
    static String get(String ip, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
