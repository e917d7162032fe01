package io.kedge.metamanager;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kedge.protocol.Groups;
import io.kedge.protocol.Message;
import io.kedge.protocol.Operations;
import java.util.concurrent.Executors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A node that puts reports into its outbox while the cloud never answers and says so after each put
 * returned, until {@link OutboxDatabaseTest} kills it in the middle of its writes.
 */
public final class OutboxCrashChild {

    private OutboxCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        OutboxDatabase database = OutboxDatabase.open(Path.of(args[0]), 1_000, 64L * 1024 * 1024);
        OutboxPump pump = new OutboxPump(database, (message, timeout) -> new CompletableFuture<>(),
                OutboxPump.Settings.defaults(Duration.ofSeconds(30)), Executors.newSingleThreadScheduledExecutor());
        for (int i = 1; ; i++) {
            pump.put(i % 2 == 0 ? null : "pod-" + i, Message.create("crash-test", Groups.RESOURCE,
                    "ns/podstatus/pod-" + i, Operations.UPDATE, TextNode.valueOf("report " + i)));
            System.out.println("kept " + i);
            System.out.flush();
        }
    }
}
