package io.kedge.mapper.modbus;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundle needs from the node only the mapper SPI, SLF4J and the JDK: j2mod rides along inside,
 * and its serial library is optional. Reads the packaged bundle.
 */
class BundleManifestIT {
    private static final Path BUNDLE = Path.of(System.getProperty("kedge.bundle.jar", "target/mapper-modbus-0.1.0-SNAPSHOT.jar"));

    @Test
    void importsOnlyWhatTheNodeHas() throws Exception {
        Attributes manifest = manifest();

        assertThat(manifest.getValue("Bundle-SymbolicName")).isEqualTo("io.kedge.mapper.modbus");
        assertThat(manifest.getValue("Export-Package")).isNull();
        assertThat(manifest.getValue("Private-Package")).contains("com.ghgande.j2mod.modbus.facade", "io.kedge.mapper.modbus");
        assertThat(clauses(manifest.getValue("Import-Package")))
                .allSatisfy(clause -> assertThat(clause).matches("(java\\..*|io\\.kedge\\.mapper\\.api;.*|org\\.slf4j;.*"
                        + "|com\\.fazecast\\.jSerialComm;.*resolution:=optional.*)"))
                .anySatisfy(clause -> assertThat(clause).startsWith("io.kedge.mapper.api;version=\"[1.0,2)\""));
    }

    @Test
    void registersTheMapperForProtocolModbus() throws Exception {
        String component;
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            component = new String(jar.getInputStream(jar.getEntry("OSGI-INF/io.kedge.mapper.modbus.ModbusMapper.xml")).readAllBytes(),
                    StandardCharsets.UTF_8);
        }

        assertThat(manifest().getValue("Service-Component")).contains("ModbusMapper.xml");
        assertThat(component).contains("name=\"kedge.mapper.protocol\"", "value=\"modbus\"", "interface=\"io.kedge.mapper.api.DeviceMapper\"");
    }

    private static Attributes manifest() throws Exception {
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            return jar.getManifest().getMainAttributes();
        }
    }

    /** Splits a header at the commas outside quotes. */
    private static List<String> clauses(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(clause.toString());
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        clauses.add(clause.toString());
        return clauses;
    }
}
