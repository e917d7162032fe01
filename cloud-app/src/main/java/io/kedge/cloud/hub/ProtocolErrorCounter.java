package io.kedge.cloud.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many bad messages each node sent; for operators and tests, kept across reconnects. */
public final class ProtocolErrorCounter {
    private final Map<String, LongAdder> byNode = new ConcurrentHashMap<>();

    void count(String nodeName) {
        byNode.computeIfAbsent(nodeName, n -> new LongAdder()).increment();
    }

    public long errors(String nodeName) {
        LongAdder adder = byNode.get(nodeName);
        return adder == null ? 0 : adder.sum();
    }
}
