package io.kedge.mapperdeploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The mappers this node took from the cloud, in {@code DIR/mapper-deploy/{name}/}: {@code current.jar}
 * (what runs, the jar a failed update rolls back to), {@code previous.jar} (what ran before it) and
 * {@code mapper.properties} (version, digest, generation). Written atomically (temporary file, then
 * rename), so a node killed mid-write keeps the last complete record. The framework may clean its
 * own bundle cache on a restart; {@link MapperInstaller#restore} installs what is recorded here again.
 */
final class InstalledMappers {
    private static final String CURRENT = "current.jar";
    private static final String PREVIOUS = "previous.jar";
    private static final String RECORD = "mapper.properties";

    /** One mapper as recorded. */
    record Installed(String name, String version, String sha256, long generation) {
    }

    private final Path folder;

    InstalledMappers(Path folder) {
        this.folder = folder;
    }

    Optional<Installed> get(String name) throws IOException {
        Path record = folder.resolve(name).resolve(RECORD);
        if (!Files.isRegularFile(record) || !Files.isRegularFile(folder.resolve(name).resolve(CURRENT))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(record)) {
            properties.load(in);
        }
        return Optional.of(new Installed(name, properties.getProperty("version", ""),
                properties.getProperty("sha256", ""), Long.parseLong(properties.getProperty("generation", "0"))));
    }

    /** The jar that runs now for {@code name}; empty when none was recorded. */
    Optional<byte[]> currentJar(String name) throws IOException {
        Path jar = folder.resolve(name).resolve(CURRENT);
        return Files.isRegularFile(jar) ? Optional.of(Files.readAllBytes(jar)) : Optional.empty();
    }

    /** Records {@code jar} as what runs for {@code name}; the jar it replaces becomes the previous one. */
    void commit(Installed installed, byte[] jar) throws IOException {
        Path dir = folder.resolve(installed.name());
        Files.createDirectories(dir);
        Path current = dir.resolve(CURRENT);
        if (Files.isRegularFile(current)) {
            Files.move(current, dir.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING);
        }
        writeAtomically(current, out -> out.write(jar));
        writeRecord(dir, installed);
    }

    /** The same jar asked for again by a newer generation of the Mapper: only the record changes. */
    void recordGeneration(Installed installed, long generation) throws IOException {
        writeRecord(folder.resolve(installed.name()),
                new Installed(installed.name(), installed.version(), installed.sha256(), generation));
    }

    private static void writeRecord(Path dir, Installed installed) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("version", installed.version());
        properties.setProperty("sha256", installed.sha256());
        properties.setProperty("generation", Long.toString(installed.generation()));
        writeAtomically(dir.resolve(RECORD), out -> properties.store(out, "mapper pushed by the cloud"));
    }

    /** Forgets {@code name}: its jars and record are deleted. */
    void remove(String name) throws IOException {
        Path dir = folder.resolve(name);
        for (String file : new String[] {RECORD, CURRENT, PREVIOUS}) {
            Files.deleteIfExists(dir.resolve(file));
        }
        Files.deleteIfExists(dir);
    }

    /** Every mapper with a complete record, in name order. */
    List<Installed> all() throws IOException {
        List<Installed> all = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return all;
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path dir : dirs.sorted().toList()) {
                get(dir.getFileName().toString()).ifPresent(all::add);
            }
        }
        return all;
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Writer writer) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            writer.write(out);
        }
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
