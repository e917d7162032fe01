package io.kedge.edged;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.edged.pod.PodSync;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo: {@code kedge:pods} shows the node's pods as last reported to the cloud. */
@Component(service = PodsCommand.class, property = {
    "osgi.command.scope=kedge",
    "osgi.command.function=pods"
})
public class PodsCommand {
    private final PodManager pods;

    @Activate
    public PodsCommand(@Reference PodManager pods) {
        this.pods = pods;
    }

    public String pods() {
        String runtime = "runtime " + pods.runtimeName() + (pods.runtimeBound() ? "" : " (not available)");
        return runtime + System.lineSeparator() + format(pods.pods());
    }

    static String format(List<PodSync.PodView> views) {
        StringBuilder out = new StringBuilder(String.format("%-40s %-10s %-6s %8s %-15s %s%n", "POD", "PHASE", "READY",
                "RESTARTS", "IP", "REASON"));
        for (PodSync.PodView view : views) {
            JsonNode status = view.status();
            int ready = 0;
            int restarts = 0;
            String reason = status.path("reason").asText("");
            for (JsonNode c : status.path("containerStatuses")) {
                ready += c.path("ready").asBoolean() ? 1 : 0;
                restarts += c.path("restartCount").asInt();
                JsonNode waiting = c.path("state").path("waiting");
                if (reason.isEmpty() && waiting.has("reason")) {
                    reason = waiting.path("reason").asText();
                }
            }
            out.append(String.format("%-40s %-10s %-6s %8d %-15s %s%n", view.namespace() + "/" + view.name(),
                    status.path("phase").asText(), ready + "/" + status.path("containerStatuses").size(), restarts,
                    status.path("podIP").asText(""), reason));
        }
        return out.toString();
    }
}
