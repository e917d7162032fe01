package io.kedge.cloud;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits {@code --name value} and {@code --name=value} arguments, so each command only says which
 * options it knows and what their values mean.
 */
public final class CommandLineOptions {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

    /** One option as given; a flag's value is {@code "true"}. */
    public record Option(String name, String value) {
    }

    /** What the arguments held: the options in order, and whether help was asked for. */
    public record Parsed(List<Option> options, boolean help) {
    }

    private CommandLineOptions() {
    }

    /**
     * @param known option names that take a value
     * @throws IllegalArgumentException for an unknown option or a missing value, with a message fit
     *                                  for the user
     */
    public static Parsed parse(List<String> args, Set<String> known) {
        return parse(args, known, Set.of());
    }

    /**
     * @param known option names that take a value
     * @param flags option names that take none (their presence means "on")
     * @throws IllegalArgumentException for an unknown option, a missing value or a flag given one,
     *                                  with a message fit for the user
     */
    public static Parsed parse(List<String> args, Set<String> known, Set<String> flags) {
        List<Option> options = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                help = true;
                continue;
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException(name + " takes no value, got '" + arg + "'");
                }
                options.add(new Option(name, "true"));
                continue;
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + arg + "' (see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args.get(++i);
            }
            options.add(new Option(name, value));
        }
        return new Parsed(List.copyOf(options), help);
    }

    /**
     * Reads a positive duration as {@code 90s}, {@code 10m}, {@code 24h}, {@code 365d} or ISO-8601
     * ({@code PT24H}).
     *
     * @throws IllegalArgumentException naming {@code option} and what was wrong
     */
    public static Duration duration(String option, String text) {
        Duration duration;
        Matcher m = SHORT_DURATION.matcher(text.trim());
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                duration = switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                duration = Duration.parse(text.trim());
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(option + " must look like 90s, 10m, 24h or 365d, got '" + text + "'");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, got '" + text + "'");
        }
        return duration;
    }
}
