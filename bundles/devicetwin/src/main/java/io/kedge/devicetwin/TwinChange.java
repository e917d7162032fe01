package io.kedge.devicetwin;

/** One twin before and after a change, for twin/update/document; null where there was or is none. */
record TwinChange(Twin last, Twin current) {
}
