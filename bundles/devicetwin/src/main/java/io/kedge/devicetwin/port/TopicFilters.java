package io.kedge.devicetwin.port;

/** MQTT topic filter matching ({@code +} one level, {@code #} the rest), for ports that dispatch themselves. */
public final class TopicFilters {
    private TopicFilters() {
    }

    public static boolean matches(String filter, String topic) {
        String[] levels = filter.split("/", -1);
        String[] topicLevels = topic.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals("#")) {
                return true;
            }
            if (i >= topicLevels.length || (!levels[i].equals("+") && !levels[i].equals(topicLevels[i]))) {
                return false;
            }
        }
        return levels.length == topicLevels.length;
    }
}
