/**
 * The downstream half of EdgeController: which Kubernetes objects each edge node should hold, what
 * it was last sent, and the insert/update/delete messages that close the gap. All sync state is
 * owned by one thread ({@link io.kedge.cloud.edgecontroller.downstream.DownstreamSync}).
 */
package io.kedge.cloud.edgecontroller.downstream;
