package io.kedge.mapper.modbus;

import io.kedge.mapper.api.ConfigData;
import io.kedge.mapper.api.MapperException;
import io.kedge.mapper.api.ValueType;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * Where one property lives on a Modbus device, from its visitor's {@code configData} in KubeEdge's
 * shape: {@code register} (CoilRegister, DiscreteInputRegister, HoldingRegister, InputRegister),
 * {@code offset} (0-based address), {@code limit} (how many registers; 0 or absent picks the
 * type's width: 1 for int, boolean and string, 2 for float, 4 for double), {@code scale} (raw value
 * times scale; 0 or absent means 1), {@code isSwap} (swap the two bytes of each register),
 * {@code isRegisterSwap} (reverse the register order, for low-word-first devices) and our own
 * {@code signed} (default true) for integers.
 *
 * @param words how many 16-bit registers (1 for a coil or discrete input)
 */
record RegisterVisitor(RegisterType register, int offset, int words, BigDecimal scale, boolean byteSwap, boolean wordSwap,
        boolean signed) {
    private static final Set<Integer> NUMBER_WIDTHS = Set.of(1, 2, 4);

    static RegisterVisitor from(ConfigData visitor, ValueType type) throws MapperException {
        String name = visitor.text("register");
        RegisterType register = RegisterType.named(name)
                .orElseThrow(() -> visitor.bad("register", "must be one of " + RegisterType.names() + ", not '" + name + "'"));
        int offset = (int) visitor.integer("offset", 0, 65_535);
        int words = (int) visitor.integer("limit", 0, 0, RegisterType.MAX_WORDS);
        if (words == 0) {
            words = defaultWords(register, type);
        }
        double scale = visitor.number("scale", 1);
        boolean signed = visitor.flag("signed", true);
        checkFits(visitor, register, type, words, signed);
        if (offset + words > 65_536) {
            throw visitor.bad("limit", words + " registers from offset " + offset + " run past the last address 65535");
        }
        return new RegisterVisitor(register, offset, words, scale == 0 ? BigDecimal.ONE : BigDecimal.valueOf(scale),
                visitor.flag("isSwap", false), visitor.flag("isRegisterSwap", false), signed);
    }

    private static int defaultWords(RegisterType register, ValueType type) {
        if (register.bit()) {
            return 1;
        }
        return switch (type) {
            case FLOAT -> 2;
            case DOUBLE -> 4;
            default -> 1;
        };
    }

    private static void checkFits(ConfigData visitor, RegisterType register, ValueType type, int words, boolean signed)
            throws MapperException {
        String typeName = type.name().toLowerCase(Locale.ROOT);
        if (register.bit()) {
            if (type != ValueType.BOOLEAN && type != ValueType.INT) {
                throw visitor.bad("register", register.visitorName() + " holds one bit: a property of type " + typeName
                        + " needs a HoldingRegister or InputRegister");
            }
            if (words != 1) {
                throw visitor.bad("limit", "must be 1 for a " + register.visitorName() + " (one bit per property), not " + words);
            }
            return;
        }
        switch (type) {
            case INT, FLOAT, DOUBLE -> {
                if (!NUMBER_WIDTHS.contains(words)) {
                    throw visitor.bad("limit", "must be 1, 2 or 4 registers (16, 32 or 64 bits) for a " + typeName + ", not " + words);
                }
                if (words == 4 && !signed && type == ValueType.INT) {
                    throw visitor.bad("signed", "false is not supported for 64-bit integers");
                }
            }
            case BOOLEAN -> {
                if (words != 1) {
                    throw visitor.bad("limit", "must be 1 for a boolean in a register, not " + words);
                }
            }
            default -> {
                // string and bytes take any number of registers
            }
        }
    }

    /** Addresses as shown to an operator, e.g. {@code HoldingRegister 3..4}. */
    String describe() {
        return register.visitorName() + " " + (words == 1 ? String.valueOf(offset) : offset + ".." + (offset + words - 1));
    }
}
