package io.kedge.console;

import io.kedge.api.bus.GroupStats;
import io.kedge.api.bus.MessageBus;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo: {@code kedge:bus} shows each bus group's queue and counters. */
@Component(service = BusCommands.class, property = {
    "osgi.command.scope=kedge",
    "osgi.command.function=bus"
})
public class BusCommands {
    private final MessageBus bus;

    @Activate
    public BusCommands(@Reference MessageBus bus) {
        this.bus = bus;
    }

    public String bus() {
        return format(bus.stats());
    }

    static String format(List<GroupStats> stats) {
        StringBuilder out = new StringBuilder(String.format("%-12s %8s %10s %8s %s%n", "GROUP", "QUEUED", "DELIVERED",
                "FAILED", "HANDLER"));
        for (GroupStats s : stats) {
            out.append(String.format("%-12s %8d %10d %8d %s%n", s.group(), s.queued(), s.delivered(), s.failed(),
                    s.handlerPresent() ? "yes" : "no"));
        }
        return out.toString();
    }
}
