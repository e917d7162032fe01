package io.kedge.mapperdeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class MapperJarTest {

    @Test
    void aDeclarativeServicesComponentProvidingTheMapperCounts() throws Exception {
        String xml = "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"m\">"
                + "<service><provide interface=\"io.kedge.mapper.api.DeviceMapper\"/></service></scr:component>";
        byte[] jar = TestJars.jar(manifest("OSGI-INF/m.xml"), Map.of("OSGI-INF/m.xml", xml.getBytes(StandardCharsets.UTF_8)));

        MapperJar.Facts facts = MapperJar.inspect(jar);

        assertThat(facts).isEqualTo(new MapperJar.Facts("io.kedge.mapper.ds", "1.2.3"));
    }

    @Test
    void aComponentProvidingSomethingElseDoesNot() {
        String xml = "<component><service><provide interface=\"java.lang.Runnable\"/></service></component>";
        byte[] jar = TestJars.jar(manifest("OSGI-INF/m.xml"), Map.of("OSGI-INF/m.xml", xml.getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> MapperJar.inspect(jar)).isInstanceOf(InstallFailure.class)
                .hasMessageStartingWith("not a mapper bundle");
    }

    @Test
    void theCapabilityIsReadAmongOthersAndNotFromAnotherNamespace() {
        assertThat(MapperJar.providesMapper("osgi.extender;osgi.extender=\"x\",osgi.service;objectClass:List<String>="
                + "\"java.lang.Runnable,io.kedge.mapper.api.DeviceMapper\";uses:=\"io.kedge.mapper.api\"")).isTrue();
        assertThat(MapperJar.providesMapper("osgi.service;objectClass:List<String>=\"io.kedge.api.bus.MessageHandler\""))
                .isFalse();
        assertThat(MapperJar.providesMapper("other.ns;objectClass=\"io.kedge.mapper.api.DeviceMapper\"")).isFalse();
        assertThat(MapperJar.providesMapper(null)).isFalse();
    }

    private static Manifest manifest(String serviceComponent) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.kedge.mapper.ds;singleton:=true");
        main.putValue("Bundle-Version", "1.2.3");
        main.putValue("Service-Component", serviceComponent);
        return manifest;
    }
}
