package io.kedge.api.bus;

/** A group's queue stayed full: the receiver is gone or too slow. The sender decides what to drop. */
public class BusFullException extends Exception {
    private static final long serialVersionUID = 1L;

    public BusFullException(String group, int capacity) {
        super("bus group '" + group + "' is full (" + capacity + " messages waiting)");
    }
}
