package io.kedge.edged.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kedge.edged.env.PodJson;
import io.kedge.edged.pod.PodSpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One liveness, readiness or startup probe as the pod writes it, checked as Kubernetes validates
 * it: exactly one handler (exec, httpGet, tcpSocket; grpc is refused here), timing fields not
 * negative, an unset or 0 field takes Kubernetes' default (the API server's defaulting does the
 * same). The probe comes from the cloud; parsing only reads it. Kubernetes also requires
 * {@code successThreshold} 1 for liveness and startup probes: the caller, who knows the kind, checks that.
 */
public record ProbeSpec(Handler handler, Duration initialDelay, Duration period, Duration timeout,
        int successThreshold, int failureThreshold) {

    /** What the probe does. */
    public sealed interface Handler permits Exec, HttpGet, TcpSocket {
    }

    public record Exec(List<String> command) implements Handler {
        public Exec {
            command = List.copyOf(command);
        }
    }

    /** @param host empty means the pod's IP */
    public record HttpGet(String scheme, String host, int port, String path, List<Map.Entry<String, String>> headers)
            implements Handler {
        public HttpGet {
            headers = List.copyOf(headers);
        }
    }

    /** @param host empty means the pod's IP */
    public record TcpSocket(String host, int port) implements Handler {
    }

    public static ProbeSpec parse(JsonNode probe) throws PodSpecException {
        return parse(probe, MissingNode.getInstance());
    }

    /** @param container the container, whose {@code ports} resolve a named port */
    public static ProbeSpec parse(JsonNode probe, JsonNode container) throws PodSpecException {
        if (probe == null || !probe.isObject()) {
            throw PodJson.invalid("probe must be an object");
        }
        JsonNode owner = container == null ? MissingNode.getInstance() : container;
        List<String> handlers = new ArrayList<>();
        for (String kind : new String[] {"exec", "httpGet", "tcpSocket", "grpc"}) {
            if (!PodJson.object(probe, kind).isMissingNode()) {
                handlers.add(kind);
            }
        }
        if (handlers.size() != 1) {
            throw PodJson.invalid("probe must have exactly one handler (exec, httpGet, tcpSocket), has " + handlers);
        }
        JsonNode body = probe.path(handlers.get(0));
        Handler handler = switch (handlers.get(0)) {
            case "exec" -> exec(body);
            case "httpGet" -> httpGet(body, owner);
            case "tcpSocket" -> new TcpSocket(PodJson.text(body, "host", ""), port(body, owner));
            default -> throw PodJson.invalid("grpc probes are not supported on this node");
        };
        return new ProbeSpec(handler, Duration.ofSeconds(seconds(probe, "initialDelaySeconds", 0)),
                Duration.ofSeconds(seconds(probe, "periodSeconds", 10)),
                Duration.ofSeconds(seconds(probe, "timeoutSeconds", 1)),
                (int) seconds(probe, "successThreshold", 1), (int) seconds(probe, "failureThreshold", 3));
    }

    private static Exec exec(JsonNode body) throws PodSpecException {
        List<String> command = PodJson.strings(body, "command");
        if (command.isEmpty()) {
            throw PodJson.invalid("exec probe needs a command");
        }
        return new Exec(command);
    }

    private static HttpGet httpGet(JsonNode body, JsonNode container) throws PodSpecException {
        String scheme = PodJson.text(body, "scheme", "HTTP");
        if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
            throw PodJson.invalid("httpGet scheme must be HTTP or HTTPS, not \"" + scheme + "\"");
        }
        String path = PodJson.text(body, "path", "/");
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (JsonNode header : PodJson.objects(body, "httpHeaders")) {
            headers.add(Map.entry(PodJson.required(header, "name", "httpHeaders"), PodJson.text(header, "value", "")));
        }
        return new HttpGet(scheme, PodJson.text(body, "host", ""), port(body, container), path, headers);
    }

    /** A port number, or a name looked up in the container's ports. */
    private static int port(JsonNode body, JsonNode container) throws PodSpecException {
        JsonNode port = body.path("port");
        if (port.isTextual() && !port.textValue().isEmpty() && !port.textValue().chars().allMatch(Character::isDigit)) {
            return namedPort(port.textValue(), container);
        }
        long number;
        if (port.isIntegralNumber() && port.canConvertToLong()) {
            number = port.longValue();
        } else if (port.isTextual() && !port.textValue().isEmpty() && port.textValue().length() < 6) {
            number = Long.parseLong(port.textValue());
        } else {
            throw PodJson.invalid("probe port must be a number or a port name");
        }
        if (number < 1 || number > 65535) {
            throw PodJson.invalid("probe port " + number + " is not between 1 and 65535");
        }
        return (int) number;
    }

    private static int namedPort(String name, JsonNode container) throws PodSpecException {
        if (container.isObject()) {
            for (JsonNode declared : PodJson.objects(container, "ports")) {
                if (name.equals(declared.path("name").asText(null))) {
                    Optional<Long> number = PodJson.integer(declared, "containerPort");
                    if (number.isPresent() && number.get() >= 1 && number.get() <= 65535) {
                        return number.get().intValue();
                    }
                }
            }
        }
        throw PodJson.invalid("probe port \"" + name + "\" names no port of the container");
    }

    private static long seconds(JsonNode probe, String field, long fallback) throws PodSpecException {
        long value = PodJson.integer(probe, field).orElse(0L);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw PodJson.invalid(field + " must be between 0 and " + Integer.MAX_VALUE + " (is " + value + ")");
        }
        return value == 0 ? fallback : value;
    }
}
