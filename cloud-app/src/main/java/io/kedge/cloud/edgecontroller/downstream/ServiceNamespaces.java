package io.kedge.cloud.edgecontroller.downstream;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The namespaces whose Services, Endpoints and EndpointSlices go to every edge node (for EdgeMesh).
 * Written as a comma-separated list: {@code ns1,ns2} only those; {@code *} every namespace;
 * {@code *,-ns} every namespace but {@code ns}; an empty list none at all.
 */
public final class ServiceNamespaces {
    /** Control-plane namespaces: their services are no edge workload's business. */
    public static final List<String> SYSTEM = List.of("kube-system", "kube-public", "kube-node-lease");
    public static final ServiceNamespaces ALL = new ServiceNamespaces(true, Set.of());
    private static final String EVERY = "*";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final boolean every;
    /** With {@link #every}: the namespaces left out; without: the only ones taken. */
    private final Set<String> listed;

    private ServiceNamespaces(boolean every, Set<String> listed) {
        this.every = every;
        this.listed = Set.copyOf(listed);
    }

    /** Every namespace except the control plane's and the cloud's own ({@code cloudNamespace}, home of its CA). */
    public static ServiceNamespaces defaultFor(String cloudNamespace) {
        Set<String> excluded = new LinkedHashSet<>(SYSTEM);
        excluded.add(cloudNamespace);
        return new ServiceNamespaces(true, excluded);
    }

    /** @throws IllegalArgumentException with a message fit for the user */
    public static ServiceNamespaces parse(String text) {
        if (text.isBlank()) {
            return new ServiceNamespaces(false, Set.of());
        }
        boolean every = false;
        Set<String> included = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        for (String entry : text.split(",", -1)) {
            String item = entry.trim();
            if (item.equals(EVERY)) {
                every = true;
            } else if (item.startsWith("-")) {
                excluded.add(namespace(item.substring(1)));
            } else {
                included.add(namespace(item));
            }
        }
        if (every && !included.isEmpty()) {
            throw new IllegalArgumentException("'*' takes every namespace already; list exclusions as -NAME, got '"
                    + text + "'");
        }
        if (!every && !excluded.isEmpty()) {
            throw new IllegalArgumentException("an exclusion (-NAME) needs '*' in the list, got '" + text + "'");
        }
        return every ? new ServiceNamespaces(true, excluded) : new ServiceNamespaces(false, included);
    }

    public boolean includes(String namespace) {
        return every != listed.contains(namespace);
    }

    @Override
    public String toString() {
        List<String> items = new ArrayList<>();
        if (every) {
            items.add(EVERY);
            listed.stream().sorted().forEach(ns -> items.add("-" + ns));
        } else {
            listed.stream().sorted().forEach(items::add);
        }
        return String.join(",", items);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceNamespaces that && every == that.every && listed.equals(that.listed);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(every) * 31 + listed.hashCode();
    }

    private static String namespace(String name) {
        if (!NAMESPACE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a namespace name (lower-case letters, digits"
                    + " and '-', at most 63)");
        }
        return name;
    }
}
