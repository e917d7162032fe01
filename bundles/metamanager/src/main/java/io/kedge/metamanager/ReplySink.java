package io.kedge.metamanager;

import io.kedge.protocol.Message;

/** Where MetaManager's replies go: the bus in the framework, a list in unit tests. */
interface ReplySink {
    void send(String group, Message message);
}
