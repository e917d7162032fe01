package io.kedge.cloud.edgecontroller.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.kedge.protocol.ProtocolException;
import io.kedge.protocol.ResourcePath;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Keeps what a node's inventory answer ({@link io.kedge.protocol.Inventory}) may tell the cloud.
 * The answer comes from the node and is believed only as far as it cannot hurt: an entry names a
 * key of a type the cloud sends nodes, in Kubernetes' name syntax, with a uid and version of sane
 * length; anything else is skipped. The cloud echoes accepted entries back in deletes, nothing more.
 */
final class Inventory {
    /**
     * Entries read from one answer. Far above what a node holds (every Service, Endpoints and
     * EndpointSlice of a cluster at Kubernetes' scale limits, plus its pods and their references).
     */
    static final int MAX_ENTRIES = 100_000;
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9._:]{0,251}[A-Za-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[-A-Za-z0-9._:]{0,128}");

    /**
     * @param held      what the node says it holds, of the keys it may hold at all
     * @param skipped   entries that name nothing a node can hold, or are malformed
     * @param truncated entries beyond {@link #MAX_ENTRIES}, not read
     */
    record Report(Map<ResourcePath, ObjectVersion> held, int skipped, int truncated) {
        static final Report EMPTY = new Report(Map.of(), 0, 0);
    }

    private Inventory() {
    }

    /**
     * Bad entries are skipped and counted: a skipped key the node should hold is then sent again as
     * an insert, which the edge applies idempotently; a skipped key it should not hold stays there
     * until it lists it properly.
     *
     * @throws IllegalArgumentException when the content has no objects array at all
     */
    static Report parse(JsonNode content) {
        return parse(content, EdgeResourceTypes::isSent);
    }

    /** @param isSent the resource types a node can be sent; entries of any other type are skipped */
    static Report parse(JsonNode content, Predicate<String> isSent) {
        io.kedge.protocol.Inventory.Answer answer;
        try {
            answer = io.kedge.protocol.Inventory.decode(content, MAX_ENTRIES);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<ResourcePath, ObjectVersion> held = new LinkedHashMap<>();
        int skipped = 0;
        for (io.kedge.protocol.Inventory.Entry entry : answer.entries()) {
            ResourcePath key = keyOf(entry.key(), isSent);
            if (key == null || !VERSION.matcher(entry.uid()).matches()
                    || !VERSION.matcher(entry.resourceVersion()).matches()) {
                skipped++;
            } else {
                held.put(key, new ObjectVersion(entry.uid(), entry.resourceVersion()));
            }
        }
        return new Report(held, skipped, answer.truncated());
    }

    /** The key if it names an object of a type nodes get, else null. */
    private static ResourcePath keyOf(String text, Predicate<String> isSent) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3 || !isSent.test(parts[1]) || !NAMESPACE.matcher(parts[0]).matches()
                || !NAME.matcher(parts[2]).matches()) {
            return null;
        }
        return ResourcePath.of(parts[0], parts[1], parts[2]);
    }
}
