package io.kedge.mapper.virtual;

import io.kedge.mapper.api.MapperException;

/** What one simulated property reads and how it takes a write; safe from any thread. */
interface Signal {
    /** The property's value now, as text per its type; UNREACHABLE once the mapper stops. */
    String read() throws MapperException;

    /** Takes a desired value; what it changes depends on the function (see the package doc). */
    void write(String value) throws MapperException;
}
