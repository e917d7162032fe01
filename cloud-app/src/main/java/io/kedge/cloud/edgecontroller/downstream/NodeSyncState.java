package io.kedge.cloud.edgecontroller.downstream;

import io.kedge.protocol.ResourcePath;
import java.util.HashMap;
import java.util.Map;

/** What the cloud believes one node holds, and where its sync stands. Sync thread only. */
final class NodeSyncState {
    enum Phase {
        /** No session: nothing is sent; the next connect starts with an inventory. */
        OFFLINE,
        /** Inventory asked for; changes wait, the diff covers them. */
        AWAITING_INVENTORY,
        /** Changes are sent as they happen. */
        SYNCED
    }

    final Map<ResourcePath, ObjectVersion> held = new HashMap<>();
    final DeliveryCounters delivery;
    Phase phase = Phase.OFFLINE;
    /** The session the state belongs to; events of older sessions are ignored. */
    long sessionId;
    /** Something was dropped (slow node): stop sending until an inventory diff repairs the node. */
    boolean needsResync;
    String inventoryQueryId = "";
    /** The node's answer, kept until the cluster caches are complete enough to diff against. */
    Map<ResourcePath, ObjectVersion> reportedInventory;

    NodeSyncState(int sendWindow, DeliveryCounters.ResendBackoff resendBackoff) {
        this.delivery = new DeliveryCounters(sendWindow, resendBackoff);
    }

    boolean isLive() {
        return phase == Phase.SYNCED && !needsResync;
    }

    void awaitInventory(String queryId) {
        reset(Phase.AWAITING_INVENTORY);
        inventoryQueryId = queryId;
    }

    void goOffline() {
        reset(Phase.OFFLINE);
    }

    private void reset(Phase next) {
        phase = next;
        needsResync = false;
        held.clear();
        delivery.forgetUnacked();
        reportedInventory = null;
        inventoryQueryId = "";
    }
}
