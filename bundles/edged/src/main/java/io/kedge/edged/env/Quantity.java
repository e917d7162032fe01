package io.kedge.edged.env;

import io.kedge.edged.pod.PodSpecException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes resource quantity ({@code 250m}, {@code 1.5}, {@code 64Mi}, {@code 1e3}) as a number. */
public final class Quantity {
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("", BigDecimal.ONE),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")), Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    /** A number with an exponent (bounded, so a quantity cannot ask for a billion digits) or a suffix. */
    private static final Pattern SHAPE = Pattern.compile(
            "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(?:([eE][+-]?[0-9]{1,2})|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?");

    private Quantity() {
    }

    public static BigDecimal parse(String text) throws PodSpecException {
        Matcher parts = SHAPE.matcher(text.trim());
        if (!parts.matches()) {
            throw PodJson.invalid("invalid quantity \"" + text + "\"");
        }
        BigDecimal number = new BigDecimal(parts.group(1));
        if (parts.group(2) != null) {
            return number.scaleByPowerOfTen(Integer.parseInt(parts.group(2).substring(1)));
        }
        return number.multiply(SUFFIXES.get(parts.group(3) == null ? "" : parts.group(3)));
    }

    /** {@code value / divisor} rounded up, as the downward API reports resources. */
    public static String divideUp(BigDecimal value, BigDecimal divisor) throws PodSpecException {
        if (divisor.signum() <= 0) {
            throw PodJson.invalid("divisor must be positive");
        }
        return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }
}
