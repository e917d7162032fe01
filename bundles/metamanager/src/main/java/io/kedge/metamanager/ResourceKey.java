package io.kedge.metamanager;

import io.kedge.protocol.ResourceTypes;

/**
 * The {@code namespace/type/name} an object message is about. Accepts KubeEdge's longer form
 * {@code node/{nodeName}/namespace/type/name} as well; Kubernetes names never contain a slash, so the
 * number of segments tells the forms apart.
 */
record ResourceKey(String namespace, String type, String name) {

    static ResourceKey parse(String resource) throws RejectedMessage {
        String[] parts = resource == null ? new String[0] : resource.split("/", -1);
        ResourceKey key;
        if (parts.length == 3) {
            key = new ResourceKey(parts[0], parts[1], parts[2]);
        } else if (parts.length == 5 && parts[0].equals("node")) {
            key = new ResourceKey(parts[2], parts[3], parts[4]);
        } else {
            throw new RejectedMessage("resource must be namespace/type/name or node/{node}/namespace/type/name, got '"
                    + resource + "'");
        }
        if (key.namespace.isEmpty() || key.name.isEmpty()) {
            throw new RejectedMessage("resource '" + resource + "' has an empty namespace or name");
        }
        if (!ResourceTypes.isObject(key.type)) {
            throw new RejectedMessage("unknown resource type '" + key.type + "' in '" + resource + "'");
        }
        return key;
    }

    String key() {
        return namespace + "/" + type + "/" + name;
    }

    @Override
    public String toString() {
        return key();
    }
}
