package io.kedge.mapper.api;

import org.osgi.annotation.versioning.ProviderType;

/** Where a pushing device connection delivers its values; implemented by DMI, safe from any thread. */
@ProviderType
@FunctionalInterface
public interface ReadingSink {
    void accept(Reading reading);
}
