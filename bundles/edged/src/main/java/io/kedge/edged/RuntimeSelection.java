package io.kedge.edged;

import io.kedge.runtime.api.ContainerRuntime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ContainerRuntime services bound dynamically, and the one the node configuration names. A
 * runtime bundle going away (an update) only empties the selection: pods keep running in the runtime
 * and are taken over when it returns.
 */
final class RuntimeSelection {
    private record Bound(ContainerRuntime runtime, String name) {
    }

    private final String wanted;
    private final List<Bound> bound = new CopyOnWriteArrayList<>();

    RuntimeSelection(String wanted) {
        this.wanted = wanted;
    }

    String wanted() {
        return wanted;
    }

    void add(ContainerRuntime runtime, Map<String, ?> properties) {
        bound.add(new Bound(runtime, String.valueOf(properties.get(ContainerRuntime.NAME_PROPERTY))));
    }

    void remove(ContainerRuntime runtime) {
        bound.removeIf(b -> b.runtime() == runtime);
    }

    Optional<ContainerRuntime> get() {
        return bound.stream().filter(b -> wanted.equals(b.name())).map(Bound::runtime).findFirst();
    }
}
