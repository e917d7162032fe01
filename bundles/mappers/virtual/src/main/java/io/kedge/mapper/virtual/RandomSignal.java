package io.kedge.mapper.virtual;

import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.ValueType;
import java.util.Random;

/**
 * {@code random}: uniform in {@code [min, max)} ({@code [min, max]} for int); the same sequence for the same
 * {@code seed}. A write moves the range to centre on the written value, keeping its width.
 */
final class RandomSignal implements Signal {
    private final ValueType type;
    private final double width;
    private final Random random;
    private double min;

    RandomSignal(ValueType type, double min, double max, Random random) {
        this.type = type;
        this.min = min;
        this.width = max - min;
        this.random = random;
    }

    @Override
    public synchronized String read() {
        if (type == ValueType.INT) {
            long low = Math.round(min);
            return Values.format(random.nextLong(low, Math.round(min + width) + 1), type);
        }
        return Values.format(min + random.nextDouble() * width, type);
    }

    @Override
    public void write(String value) throws MapperException {
        double centre = Double.parseDouble(Signals.valueOf(type, value));
        synchronized (this) {
            min = centre - width / 2;
        }
    }
}
