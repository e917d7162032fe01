package io.kedge.eventbus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Moquette makes its Netty event loop groups with Netty's default size, two threads per core for
 * each, and Netty's buffer pool keeps two arenas per core. Netty reads both defaults once, when its
 * classes are first initialised in this bundle's class loader (its copy of Netty is private): we set
 * the properties for that moment only, so the broker runs on the threads we choose and nothing else
 * in the JVM is affected.
 */
final class NettyThreads {
    private static final String[] SIZED_CLASSES = {
        "io.netty.channel.MultithreadEventLoopGroup", "io.netty.buffer.PooledByteBufAllocator"};

    private NettyThreads() {
    }

    static synchronized <T> T with(int threads, Callable<T> start) throws Exception {
        Map<String, String> sizes = new LinkedHashMap<>();
        sizes.put("io.netty.eventLoopThreads", Integer.toString(threads));
        // one arena per thread that allocates: the event loops and Moquette's session loops
        String arenas = Integer.toString(threads + Runtime.getRuntime().availableProcessors());
        sizes.put("io.netty.allocator.numDirectArenas", arenas);
        sizes.put("io.netty.allocator.numHeapArenas", arenas);
        Map<String, String> before = new LinkedHashMap<>();
        sizes.forEach((key, value) -> before.put(key, System.getProperty(key)));
        sizes.forEach(System::setProperty);
        try {
            for (String name : SIZED_CLASSES) {
                Class.forName(name, true, NettyThreads.class.getClassLoader());
            }
            return start.call();
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }
}
