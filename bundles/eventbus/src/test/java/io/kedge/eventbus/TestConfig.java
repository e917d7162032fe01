package io.kedge.eventbus;

import java.lang.reflect.Proxy;
import java.util.Map;

/** An {@link EventBusConfiguration} with its defaults, some of them replaced (keys are method names). */
final class TestConfig {
    private TestConfig() {
    }

    static EventBusConfiguration of(Map<String, Object> overrides) {
        return (EventBusConfiguration) Proxy.newProxyInstance(TestConfig.class.getClassLoader(),
                new Class<?>[] {EventBusConfiguration.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
