package io.kedge.edged.env;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.edged.pod.PodSpecException;
import java.math.BigDecimal;
import java.util.Set;

/**
 * The values a {@code resourceFieldRef} selects: a container's {@code limits.cpu},
 * {@code limits.memory}, {@code limits.ephemeral-storage} or the same {@code requests.*}, divided by
 * the divisor and rounded up. An unset limit reads as 0: the kubelet would give the node's
 * allocatable, which this class does not know (basic support, as the issue asks).
 */
public final class ResourceFields {
    private static final Set<String> RESOURCES = Set.of("limits.cpu", "limits.memory", "limits.ephemeral-storage",
            "requests.cpu", "requests.memory", "requests.ephemeral-storage");

    private ResourceFields() {
    }

    /**
     * @param ref           the {@code resourceFieldRef} object
     * @param containerName the container it defaults to (env); empty when it must name one (volumes)
     */
    public static String resolve(JsonNode pod, JsonNode ref, String containerName) throws PodSpecException {
        String resource = PodJson.required(ref, "resource", "resourceFieldRef");
        if (!RESOURCES.contains(resource)) {
            throw PodJson.invalid("resourceFieldRef resource \"" + resource + "\" is not supported");
        }
        String name = PodJson.text(ref, "containerName", containerName);
        if (name.isEmpty()) {
            throw PodJson.invalid("resourceFieldRef needs containerName");
        }
        JsonNode container = container(pod, name);
        int dot = resource.indexOf('.');
        JsonNode amount = container.path("resources").path(resource.substring(0, dot)).path(resource.substring(dot + 1));
        BigDecimal value = amount.isTextual() ? Quantity.parse(amount.textValue())
                : amount.isNumber() ? amount.decimalValue() : BigDecimal.ZERO;
        JsonNode divisor = ref.path("divisor");
        BigDecimal by = divisor.isTextual() ? Quantity.parse(divisor.textValue())
                : divisor.isNumber() ? divisor.decimalValue() : BigDecimal.ONE;
        return Quantity.divideUp(value, by);
    }

    private static JsonNode container(JsonNode pod, String name) throws PodSpecException {
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode container : PodJson.objects(pod.path("spec"), list)) {
                if (name.equals(container.path("name").asText())) {
                    return container;
                }
            }
        }
        throw PodJson.invalid("resourceFieldRef names container \"" + name + "\" which the pod does not have");
    }
}
