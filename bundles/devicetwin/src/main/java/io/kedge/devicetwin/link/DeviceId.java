package io.kedge.devicetwin.link;

/** KubeEdge's device id, {@code namespace/name}: how topics and the twin store name a Device. */
record DeviceId(String namespace, String name) {

    static DeviceId parse(String id) {
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1 || id.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("a device id is namespace/name, not " + id);
        }
        return new DeviceId(id.substring(0, slash), id.substring(slash + 1));
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
