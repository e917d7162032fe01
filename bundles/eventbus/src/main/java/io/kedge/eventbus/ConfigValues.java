package io.kedge.eventbus;

import java.lang.reflect.Proxy;
import java.util.Map;

/** An {@link EventBusConfiguration} outside the framework: its defaults, some replaced (keys are method names). */
final class ConfigValues {
    private ConfigValues() {
    }

    static EventBusConfiguration of(Map<String, Object> values) {
        return (EventBusConfiguration) Proxy.newProxyInstance(ConfigValues.class.getClassLoader(),
                new Class<?>[] {EventBusConfiguration.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
