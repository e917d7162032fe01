package io.kedge.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a message comes from, where it goes and what it does to which resource.
 *
 * @param source      module that built the message (e.g. {@code edged}, {@code edgecontroller})
 * @param destination module the message is meant for, empty when the group decides
 * @param group       KubeEdge group ({@code resource}, {@code twin}, {@code func}, {@code user})
 * @param operation   one of {@link Operations}
 * @param resource    resource path, usually {@code namespace/type/name}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MessageRoute(
        @JsonProperty("source") String source,
        @JsonProperty("destination") String destination,
        @JsonProperty("group") String group,
        @JsonProperty("operation") String operation,
        @JsonProperty("resource") String resource) {

    public MessageRoute {
        source = source == null ? "" : source;
        destination = destination == null ? "" : destination;
        group = group == null ? "" : group;
        resource = resource == null ? "" : resource;
    }
}
