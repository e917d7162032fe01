package io.kedge.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits {@code --name value} and {@code --name=value} arguments, so each command only says which
 * options it knows and what their values mean.
 */
public final class CommandLineOptions {

    /** One option as given. */
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
}
