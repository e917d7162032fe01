package io.kedge.dmigrpc;

import java.util.Locale;

/**
 * The device states of KubeEdge's mapper-framework ({@code ok}, {@code online}, {@code offline},
 * {@code disconnected}, {@code unhealthy}, {@code unknown}) in DeviceTwin's three.
 */
final class MapperStates {

    record State(String state, String reason) {
    }

    private MapperStates() {
    }

    /** @throws IllegalArgumentException for a state mapper-framework does not have */
    static State of(String mapperState) {
        String state = mapperState.trim().toLowerCase(Locale.ROOT);
        return switch (state) {
            case "ok", "online" -> new State("online", "");
            case "offline" -> new State("offline", "");
            case "disconnected" -> new State("offline", "the mapper reports it disconnected");
            case "unhealthy" -> new State("unknown", "the mapper reports it unhealthy");
            case "unknown" -> new State("unknown", "");
            default -> throw new IllegalArgumentException("state '" + abbreviated(mapperState)
                    + "' is none of ok, online, offline, disconnected, unhealthy, unknown");
        };
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
