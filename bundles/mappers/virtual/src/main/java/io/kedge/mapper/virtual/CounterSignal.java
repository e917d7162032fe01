package io.kedge.mapper.virtual;

import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.ValueType;

/**
 * {@code counter}: each read returns the next value, {@code step} above the one before, so a reader sees a
 * lost or repeated reading as a gap or a repeat. A write restarts it: the next read returns the written
 * value. The count lives in a {@link CounterStore.Counter} that outlives this connection.
 */
final class CounterSignal implements Signal {
    private final ValueType type;
    private final CounterStore.Counter counter;

    CounterSignal(ValueType type, CounterStore.Counter counter) {
        this.type = type;
        this.counter = counter;
    }

    @Override
    public String read() throws MapperException {
        return Values.format(counter.next().orElseThrow(() -> new MapperException(MapperException.Reason.UNREACHABLE,
                "the virtual mapper is stopping: its counters are saved for the next version")), type);
    }

    @Override
    public void write(String value) throws MapperException {
        String text = value.trim();
        try {
            counter.restartAt(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new MapperException(MapperException.Reason.BAD_VALUE, "'" + value + "' is not a whole number: a counter"
                    + " restarts at whole numbers only");
        }
    }
}
