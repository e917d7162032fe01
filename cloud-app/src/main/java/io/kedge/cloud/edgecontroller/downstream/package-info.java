/**
 * The downstream half of EdgeController: which Kubernetes objects each edge node should hold, what
 * it was last sent, and the insert/update/delete messages that close the gap. All sync state is
 * owned by one thread ({@link io.kedge.cloud.edgecontroller.downstream.DownstreamSync}).
 *
 * <p>A controller that sends edge nodes kinds of its own does not copy this: it describes each kind
 * ({@link io.kedge.cloud.edgecontroller.downstream.EdgeKind}) and implements a
 * {@link io.kedge.cloud.edgecontroller.downstream.NodeIndex} of which node needs which object, and
 * hands both to the sync as {@link io.kedge.cloud.edgecontroller.downstream.IndexedKinds}. The same
 * informers watch its kinds, and the same loop diffs, sends, resends and deletes them.
 */
package io.kedge.cloud.edgecontroller.downstream;
