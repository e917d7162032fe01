package io.kedge.devicetwin;

/** KubeEdge's twin version pair: bumped by the cloud's and by the edge's changes of one value. */
record Version(long cloud, long edge) {
    static final Version NONE = new Version(0, 0);

    Version nextEdge() {
        return new Version(cloud, edge + 1);
    }

    Version nextCloud() {
        return new Version(cloud + 1, edge);
    }
}
