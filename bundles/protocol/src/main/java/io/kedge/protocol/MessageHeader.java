package io.kedge.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Envelope header, field names as KubeEdge's beehive writes them.
 *
 * @param id              unique message id
 * @param parentId        id of the request this message answers, empty otherwise
 * @param timestamp       creation time in epoch milliseconds
 * @param resourceVersion resourceVersion of the object carried in the content, if any
 * @param sync            set when the sender waits for a response
 * @param type            context type of the message (KubeEdge: channel, unixsocket, ...)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MessageHeader(
        @JsonProperty("msg_id") String id,
        @JsonProperty("parent_msg_id") String parentId,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("resourceversion") String resourceVersion,
        @JsonProperty("sync") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean sync,
        @JsonProperty("type") String type) {

    public MessageHeader {
        parentId = parentId == null ? "" : parentId;
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
        type = type == null ? "" : type;
    }

    @JsonIgnore
    public boolean isResponse() {
        return !parentId.isEmpty();
    }
}
