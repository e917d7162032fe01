package io.kedge.devicetwin;

import io.kedge.devicetwin.TwinRequests.TwinPatch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A twin/update from the node (a mapper or an app) applied to a device, with KubeEdge's rules: a new
 * name adds a twin; a value is checked against the twin's type; each value set bumps its edge
 * version; a null twin deletes an optional one; optional only ever goes from true to false. One bad
 * twin refuses the whole update.
 */
final class TwinUpdates {

    /**
     * @param device   the device after the update
     * @param result   what twin/update/result lists: per changed twin what changed (null: deleted)
     * @param document per changed twin, before and after
     */
    record Outcome(Device device, Map<String, Twin> result, Map<String, TwinChange> document) {
        boolean changed() {
            return !document.isEmpty();
        }
    }

    private TwinUpdates() {
    }

    /** @throws BadRequest with KubeEdge's reason; nothing of the update applies then */
    static Outcome apply(Device device, Map<String, TwinPatch> patches, long now) throws BadRequest {
        Map<String, Twin> twins = new TreeMap<>(device.twins());
        Map<String, Twin> result = new TreeMap<>();
        Map<String, TwinChange> document = new TreeMap<>();
        for (Map.Entry<String, TwinPatch> entry : new LinkedHashMap<>(patches).entrySet()) {
            String name = entry.getKey();
            TwinPatch patch = entry.getValue();
            Twin before = twins.get(name);
            if (before == null) {
                Twin added = add(patch, now);
                twins.put(name, added);
                result.put(name, added);
                document.put(name, new TwinChange(null, added));
            } else if (patch == null) {
                if (before.optional() && !before.deleted()) {
                    // a version moves only for a value the twin had
                    Twin deleted = new Twin(Twin.DELETED, true, null, null, bumpHeld(before.expectedVersion()),
                            bumpHeld(before.actualVersion()), before.cloudDesired());
                    twins.put(name, deleted);
                    result.put(name, null);
                    document.put(name, new TwinChange(before, null));
                }
            } else {
                Changed changed = update(before, patch, now);
                if (changed != null) {
                    twins.put(name, changed.twin());
                    result.put(name, changed.shown());
                    document.put(name, new TwinChange(before.deleted() ? null : before, changed.twin()));
                }
            }
        }
        return new Outcome(device.withTwins(twins), result, document);
    }

    private static Twin add(TwinPatch patch, long now) throws BadRequest {
        if (patch == null) {
            throw new BadRequest("the request body is wrong");
        }
        String type = patch.type() == null ? "string" : patch.type();
        TwinValue expected = checked(type, patch.expected(), now);
        TwinValue actual = checked(type, patch.actual(), now);
        return new Twin(type, patch.optional() == null || patch.optional(), expected, actual,
                expected == null ? null : Version.NONE.nextEdge(), actual == null ? null : Version.NONE.nextEdge(), null);
    }

    /** The twin after the patch, and the part of it the result shows; null when nothing changed. */
    private record Changed(Twin twin, Twin shown) {
    }

    private static Changed update(Twin before, TwinPatch patch, long now) throws BadRequest {
        // a deleted twin takes the type the update names (string when it names none)
        String type = before.deleted() ? (patch.type() == null ? "string" : patch.type()) : before.type();
        TwinValue expected = checked(type, patch.expected(), now);
        TwinValue actual = checked(type, patch.actual(), now);
        Twin twin = before.withType(type);
        TwinValue shownExpected = null;
        TwinValue shownActual = null;
        boolean changed = before.deleted();
        if (expected != null) {
            twin = twin.withExpected(expected, bump(before.expectedVersion()));
            shownExpected = expected;
            changed = true;
        }
        if (actual != null) {
            twin = twin.withActual(actual, bump(before.actualVersion()));
            shownActual = actual;
            changed = true;
        }
        if (patch.optional() != null && before.optional() && !patch.optional()) {
            twin = twin.withOptional(false);
            changed = true;
        }
        if (!changed) {
            return null;
        }
        // as KubeEdge's result: the type only beside a value set (or a deleted twin brought back)
        boolean typeShown = shownExpected != null || shownActual != null || before.deleted();
        Twin shown = new Twin(typeShown ? twin.type() : null, twin.optional(), shownExpected, shownActual, null, null, null);
        return new Changed(twin, shown);
    }

    private static TwinValue checked(String type, String value, long now) throws BadRequest {
        if (value == null) {
            return null;
        }
        String error = TwinRules.typeError(type, value);
        if (error != null) {
            throw new BadRequest(error);
        }
        return new TwinValue(value, now);
    }

    private static Version bumpHeld(Version version) {
        return version == null ? null : version.nextEdge();
    }

    private static Version bump(Version version) {
        return (version == null ? Version.NONE : version).nextEdge();
    }
}
