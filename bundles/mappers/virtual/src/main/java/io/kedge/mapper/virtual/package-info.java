/**
 * The virtual device mapper (protocol {@code virtual}): simulated devices for demos and tests. Private: it
 * registers a {@link io.kedge.mapper.api.DeviceMapper} and exports nothing.
 *
 * <h2>Property visitors ({@code visitors.configData})</h2>
 * {@code function} picks what a property reads; values are formatted per the model's type (int rounded,
 * float, double, string; boolean and bytes only for {@code constant}).
 * <ul>
 * <li>{@code constant}: {@code value} (required). A write replaces the value until the next write.</li>
 * <li>{@code random}: uniform in {@code [min, max)} ({@code [min, max]} for int), defaults 0 and 100;
 * {@code seed} (optional) repeats a sequence. A write moves the range to centre on the written value.</li>
 * <li>{@code sine}: {@code offset + amplitude * sin(2π t / periodMs)} of the wall clock, defaults amplitude 1,
 * periodMs 60000, offset 0. A write sets the offset.</li>
 * <li>{@code counter}: {@code start} (default 0), {@code step} (default 1, at least 1): each read returns
 * the next value, strictly increasing, so lost or repeated readings show. A write restarts it at the
 * written whole number. Counts continue when a device reconnects and across an update of this bundle
 * (saved in its data area when it stops), not after a crash.</li>
 * </ul>
 * A write to a read-only property is refused (UNSUPPORTED); a value the type cannot take is BAD_VALUE.
 *
 * <h2>Device faults ({@code protocol.configData})</h2>
 * {@code unreachable: true} (connect fails, UNREACHABLE), {@code readDelayMs} (every read waits that long,
 * up to 600000), {@code hangReads: true} (reads block until the connection closes), {@code failReads: true}
 * (reads fail, UNREACHABLE). Bad configuration fails the connect with BAD_CONFIG naming the key.
 */
package io.kedge.mapper.virtual;
