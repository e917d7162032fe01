package io.kedge.edged;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.api.pods.ContainerSummary;
import io.kedge.api.pods.NodePods;
import io.kedge.api.pods.PodSummary;
import io.kedge.edged.pod.PodSync;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link NodePods} for the console: the pod statuses {@link PodManager} last reported, as plain records. */
@Component(service = NodePods.class)
public class NodePodsView implements NodePods {
    private final PodManager pods;

    @Activate
    public NodePodsView(@Reference PodManager pods) {
        this.pods = pods;
    }

    @Override
    public List<PodSummary> pods() {
        return pods.pods().stream().map(NodePodsView::summary).toList();
    }

    @Override
    public String runtime() {
        return pods.runtimeName();
    }

    @Override
    public boolean runtimeAvailable() {
        return pods.runtimeBound();
    }

    /** A reported pod status (Kubernetes' PodStatus JSON) as a summary. */
    static PodSummary summary(PodSync.PodView view) {
        JsonNode status = view.status();
        List<ContainerSummary> containers = new ArrayList<>();
        for (JsonNode c : status.path("containerStatuses")) {
            Iterator<String> states = c.path("state").fieldNames();
            String state = states.hasNext() ? states.next() : "";
            JsonNode last = c.path("lastState").path("terminated");
            containers.add(new ContainerSummary(c.path("name").asText(), state,
                    c.path("state").path(state).path("reason").asText(""), c.path("ready").asBoolean(),
                    c.path("restartCount").asInt(), last.path("reason").asText(""),
                    last.has("exitCode") ? OptionalInt.of(last.path("exitCode").asInt()) : OptionalInt.empty()));
        }
        return new PodSummary(view.namespace(), view.name(), status.path("phase").asText(""),
                status.path("reason").asText(""), status.path("podIP").asText(""), containers);
    }
}
