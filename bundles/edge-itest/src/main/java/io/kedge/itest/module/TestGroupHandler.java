package io.kedge.itest.module;

import io.kedge.api.bus.BusGroup;
import io.kedge.api.bus.CloudGroups;
import io.kedge.api.bus.MessageHandler;
import io.kedge.protocol.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;

/**
 * A module of the test bundle serving a cloud group no other bundle knows: it exists only through
 * its component properties, which is all EdgeHub needs to route the cloud's messages to it.
 */
@Component(service = {MessageHandler.class, TestGroupHandler.class})
@BusGroup(TestGroupHandler.BUS_GROUP)
@CloudGroups(TestGroupHandler.CLOUD_GROUP)
public class TestGroupHandler implements MessageHandler {
    public static final String CLOUD_GROUP = "kedge-test";
    public static final String BUS_GROUP = "itest-module";

    private final List<Message> received = new CopyOnWriteArrayList<>();

    @Override
    public void handle(Message message) {
        received.add(message);
    }

    public List<Message> received() {
        return List.copyOf(received);
    }
}
