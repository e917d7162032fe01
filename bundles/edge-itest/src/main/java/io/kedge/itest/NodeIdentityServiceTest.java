package io.kedge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.node.NodeIdentity;
import io.kedge.itest.support.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

/** The node's identity is one service, configured by io.kedge.node, that EdgeHub and Edged take. */
class NodeIdentityServiceTest extends ConnectedNodeTest {
    private static final String NODE = "itest-identity";

    @Override
    String nodeName() {
        return NODE;
    }

    @Test
    void anyBundleFindsTheNodesNameAndDataFolder() {
        NodeIdentity identity = Poll.valueOf("the NodeIdentity service", Poll.DEFAULT_TIMEOUT,
                () -> identity().orElse(null));
        assertThat(identity.nodeName()).isEqualTo(NODE);
        // Neither data.dir nor kedge.data is set here: the identity's bundle data area.
        Path bundleArea = node.bundle("io.kedge.edgehub").getBundleContext().getDataFile("").toPath();
        assertThat(identity.dataDirectory()).isEqualTo(bundleArea);
        assertThat(identity.certificate()).as("a ws:// node has no certificate").isEmpty();
    }

    @Test
    void editingDataDirReplacesTheIdentityAndEdgeHubFollows() throws Exception {
        Poll.until("a first connection", () -> cloud.connections().size() >= 1);
        Path folder = Files.createTempDirectory("kedge-identity");
        Configuration configuration = configAdmin.getConfiguration("io.kedge.node", "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Object before = properties.get("data.dir");
        properties.put("data.dir", folder.toString());
        configuration.update(properties);

        Poll.until("the identity with the new data folder",
                () -> identity().map(i -> i.dataDirectory().equals(folder)).orElse(false));
        Poll.until("EdgeHub reconnected with the new identity", () -> cloud.connections().size() >= 2);

        // Modules that keep files (MetaManager, EventBus, DeviceTwin) moved there too: move them back first.
        if (before == null) {
            properties.remove("data.dir");
        } else {
            properties.put("data.dir", before);
        }
        configuration.update(properties);
        Poll.until("the identity back in its former data folder",
                () -> identity().map(i -> !i.dataDirectory().equals(folder)).orElse(false));
        Poll.until("EdgeHub reconnected with the identity moved back", () -> cloud.connections().size() >= 3);
        // they let go of their files as they restart: try until the folder is gone
        Poll.until("the temporary data folder removed", () -> deleteTree(folder));
    }

    private static boolean deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            return true;
        } catch (IOException stillInUse) {
            return !Files.exists(folder);
        }
    }

    private Optional<NodeIdentity> identity() {
        ServiceReference<NodeIdentity> reference = context.getServiceReference(NodeIdentity.class);
        return reference == null ? Optional.empty() : Optional.ofNullable(context.getService(reference));
    }
}
