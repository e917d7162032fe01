package io.kedge.runtime.process;

import io.kedge.runtime.api.SandboxSpec;
import io.kedge.runtime.api.SandboxStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/** A sandbox as its state file keeps it: a folder with the pod's names, labels and a ready flag. */
record SandboxRecord(String id, String podName, String namespace, String podUid, int attempt, boolean ready,
        Instant createdAt, Map<String, String> labels, Map<String, String> annotations) {
    static final String FILE = "sandbox.properties";

    SandboxRecord(String id, SandboxSpec spec, Instant createdAt, boolean ready) {
        this(id, spec.podName(), spec.namespace(), spec.podUid(), spec.attempt(), ready, createdAt, spec.labels(),
                spec.annotations());
    }

    SandboxRecord notReady() {
        return new SandboxRecord(id, podName, namespace, podUid, attempt, false, createdAt, labels, annotations);
    }

    /** Host network: the pod IP is the node's primary address. */
    SandboxStatus status() {
        return new SandboxStatus(id, podName, namespace, podUid, attempt, ready, HostAddress.primary(), createdAt, labels);
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("podName", podName);
        p.setProperty("namespace", namespace);
        p.setProperty("podUid", podUid);
        p.setProperty("attempt", Integer.toString(attempt));
        p.setProperty("ready", Boolean.toString(ready));
        p.setProperty("createdAt", createdAt.toString());
        Maps.putMap(p, "label", labels);
        Maps.putMap(p, "annotation", annotations);
        return p;
    }

    static SandboxRecord fromProperties(String id, Properties p) {
        return new SandboxRecord(id, StateFile.required(p, "podName"), StateFile.required(p, "namespace"),
                StateFile.required(p, "podUid"), Integer.parseInt(StateFile.required(p, "attempt")),
                Boolean.parseBoolean(StateFile.required(p, "ready")), Instant.parse(StateFile.required(p, "createdAt")),
                Maps.getMap(p, "label"), Maps.getMap(p, "annotation"));
    }
}
