package io.kedge.eventbus;

/** MQTT 3.1.1 topic names and filters: validation and matching ({@code +} one level, {@code #} the rest). */
final class TopicFilter {
    private TopicFilter() {
    }

    /** Whether {@code topic} is a name one may publish on: not empty, no wildcards, no NUL. */
    static boolean isValidTopic(String topic) {
        return topic != null && !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0
                && topic.indexOf('\0') < 0;
    }

    /** Whether {@code filter} is a well-formed filter: wildcards fill whole levels, {@code #} only last. */
    static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty() || filter.indexOf('\0') >= 0) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wild = level.indexOf('+') >= 0 || level.indexOf('#') >= 0;
            if (wild && !level.equals("+") && !level.equals("#")) {
                return false;
            }
            if (level.equals("#") && i != levels.length - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code topic} matches {@code filter}. As the specification says, a filter starting with
     * a wildcard does not match topics starting with {@code $} (so {@code #} does not take
     * {@code $hw/...}); a literal {@code $hw/...} filter does.
     */
    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        int f = 0;
        int t = 0;
        while (true) {
            int fEnd = levelEnd(filter, f);
            String level = filter.substring(f, fEnd);
            if (level.equals("#")) {
                return true;
            }
            if (t > topic.length()) {
                // the topic ran out of levels; "a/#" also matches "a"
                return false;
            }
            int tEnd = levelEnd(topic, t);
            if (!level.equals("+") && !level.equals(topic.substring(t, tEnd))) {
                return false;
            }
            boolean filterDone = fEnd == filter.length();
            boolean topicDone = tEnd == topic.length();
            if (filterDone || topicDone) {
                if (filterDone && topicDone) {
                    return true;
                }
                return !filterDone && topicDone && filter.substring(fEnd + 1).equals("#");
            }
            f = fEnd + 1;
            t = tEnd + 1;
        }
    }

    private static int levelEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }
}
