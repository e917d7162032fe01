package io.kedge.mapper.virtual;

import io.kedge.mapper.api.ConfigData;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.PropertySpec;
import io.kedge.mapper.api.ValueType;
import java.time.Clock;
import java.util.Random;

/** Makes a property's {@link Signal} from its visitor's configData ({@code function} and its parameters). */
final class Signals {
    static final String FUNCTION = "function";
    private static final long DAY_MS = 86_400_000L;

    private final CounterStore counters;
    private final Clock clock;

    Signals(CounterStore counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /** @throws MapperException BAD_CONFIG naming the visitor key that is missing or wrong */
    Signal of(String deviceId, PropertySpec property) throws MapperException {
        ConfigData visitor = property.visitor();
        ValueType type = property.type();
        String function = visitor.text(FUNCTION);
        return switch (function) {
            case "constant" -> new ConstantSignal(type, constant(visitor, type));
            case "random" -> random(visitor, numeric(visitor, function, type));
            case "sine" -> new SineSignal(numeric(visitor, function, type), visitor.number("amplitude", 1),
                    visitor.integer("periodMs", 60_000, 1, 365 * DAY_MS), visitor.number("offset", 0), clock);
            case "counter" -> new CounterSignal(numeric(visitor, function, type), counters.counter(deviceId,
                    property.name(), visitor.integer("start", 0, Long.MIN_VALUE, Long.MAX_VALUE),
                    visitor.integer("step", 1, 1, Long.MAX_VALUE)));
            default -> throw visitor.bad(FUNCTION, "must be constant, random, sine or counter, not '" + function + "'");
        };
    }

    /** A written value for {@code type}, or BAD_VALUE saying why not. */
    static String valueOf(ValueType type, String written) throws MapperException {
        try {
            return Values.parse(type, written);
        } catch (IllegalArgumentException e) {
            throw new MapperException(MapperException.Reason.BAD_VALUE, e.getMessage());
        }
    }

    private static String constant(ConfigData visitor, ValueType type) throws MapperException {
        try {
            return Values.parse(type, visitor.text("value"));
        } catch (IllegalArgumentException e) {
            throw visitor.bad("value", e.getMessage());
        }
    }

    private static Signal random(ConfigData visitor, ValueType type) throws MapperException {
        double min = visitor.number("min", 0);
        double max = visitor.number("max", 100);
        if (!(max > min)) {
            throw visitor.bad("max", "must be greater than min (" + min + "), not " + max);
        }
        Random random = visitor.has("seed")
                ? new Random(visitor.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE))
                : new Random();
        return new RandomSignal(type, min, max, random);
    }

    private static ValueType numeric(ConfigData visitor, String function, ValueType type) throws MapperException {
        if (!Values.numeric(type)) {
            throw visitor.bad(FUNCTION, function + " makes numbers: the property's type must be int, float, double or"
                    + " string, not " + Values.name(type) + " (use constant)");
        }
        return type;
    }
}
