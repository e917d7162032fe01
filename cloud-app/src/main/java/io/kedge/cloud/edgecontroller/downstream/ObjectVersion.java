package io.kedge.cloud.edgecontroller.downstream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** Identity and revision of one object: a different uid is a new object under an old name. */
public record ObjectVersion(String uid, String resourceVersion) {

    public ObjectVersion {
        uid = uid == null ? "" : uid;
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
    }

    public static ObjectVersion of(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        return new ObjectVersion(meta.getUid(), meta.getResourceVersion());
    }
}
