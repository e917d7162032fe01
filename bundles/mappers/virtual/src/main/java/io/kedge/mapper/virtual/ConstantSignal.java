package io.kedge.mapper.virtual;

import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.ValueType;

/** {@code constant}: reads {@code value}; a write replaces it until the next write. */
final class ConstantSignal implements Signal {
    private final ValueType type;
    private volatile String value;

    ConstantSignal(ValueType type, String value) {
        this.type = type;
        this.value = value;
    }

    @Override
    public String read() {
        return value;
    }

    @Override
    public void write(String written) throws MapperException {
        value = Signals.valueOf(type, written);
    }
}
