package io.kedge.mapper.virtual;

import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.ValueType;
import java.time.Clock;

/**
 * {@code sine}: {@code offset + amplitude * sin(2π t / periodMs)} with {@code t} the wall clock in
 * milliseconds, so the phase does not jump when a device reconnects or the mapper is updated. A write sets the
 * offset (the centre line).
 */
final class SineSignal implements Signal {
    private final ValueType type;
    private final double amplitude;
    private final long periodMs;
    private final Clock clock;
    private volatile double offset;

    SineSignal(ValueType type, double amplitude, long periodMs, double offset, Clock clock) {
        this.type = type;
        this.amplitude = amplitude;
        this.periodMs = periodMs;
        this.offset = offset;
        this.clock = clock;
    }

    @Override
    public String read() {
        double phase = (double) Math.floorMod(clock.millis(), periodMs) / periodMs;
        return Values.format(offset + amplitude * Math.sin(2 * Math.PI * phase), type);
    }

    @Override
    public void write(String value) throws MapperException {
        offset = Double.parseDouble(Signals.valueOf(type, value));
    }
}
