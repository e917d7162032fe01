package io.kedge.mapper.modbus;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The four Modbus data tables, named as KubeEdge's modbus visitors name them. */
enum RegisterType {
    COIL("CoilRegister", true, true),
    DISCRETE_INPUT("DiscreteInputRegister", true, false),
    HOLDING("HoldingRegister", false, true),
    INPUT("InputRegister", false, false);

    /** The most registers one read may ask for (Modbus: 125 words per request). */
    static final int MAX_WORDS = 125;

    private final String visitorName;
    private final boolean bit;
    private final boolean writable;

    RegisterType(String visitorName, boolean bit, boolean writable) {
        this.visitorName = visitorName;
        this.bit = bit;
        this.writable = writable;
    }

    /** The table a visitor's {@code register} names, in any case; empty for any other name. */
    static Optional<RegisterType> named(String name) {
        return Arrays.stream(values()).filter(t -> t.visitorName.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    static String names() {
        return Arrays.stream(values()).map(t -> t.visitorName).collect(Collectors.joining(", "));
    }

    String visitorName() {
        return visitorName;
    }

    /** One bit per address (coils, discrete inputs) rather than a 16-bit word. */
    boolean bit() {
        return bit;
    }

    /** Whether a master may write it: coils and holding registers only. */
    boolean writable() {
        return writable;
    }
}
