package io.kedge.dmi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Kedge DMI", description = "Binds the node's devices to device mapper bundles")
@interface DmiConfiguration {

    @AttributeDefinition(name = "Call timeout (ms)",
            description = "The longest a mapper's connect, read or write may take; a device whose call takes longer is unknown")
    int call_timeout_millis() default 5_000;

    @AttributeDefinition(name = "First retry (ms)",
            description = "Delay before connecting again to an unreachable device (doubling up to the longest retry)")
    int retry_min_millis() default 1_000;

    @AttributeDefinition(name = "Longest retry (ms)", description = "Longest delay between connection attempts")
    int retry_max_millis() default 60_000;

    @AttributeDefinition(name = "Default cycle (ms)",
            description = "Collect and report cycle of a property whose Device sets none or 0")
    int default_cycle_millis() default 1_000;

    @AttributeDefinition(name = "Report queue",
            description = "Reports (one per property and device state) held while DeviceTwin does not take them; the oldest go beyond")
    int report_queue_capacity() default 10_000;

    @AttributeDefinition(name = "Reading queue per listener",
            description = "Readings held for each DeviceReadings listener that falls behind; beyond it readings are dropped for that listener only")
    int reading_queue_capacity() default 10_000;
}
