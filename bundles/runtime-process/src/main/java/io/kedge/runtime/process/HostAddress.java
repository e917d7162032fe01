package io.kedge.runtime.process;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** The node's primary address: the first IPv4 address of an up, non-loopback interface; empty when none. */
final class HostAddress {

    private HostAddress() {
    }

    static String primary() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to read: the sandbox gets no IP, as documented
        }
        return "";
    }
}
