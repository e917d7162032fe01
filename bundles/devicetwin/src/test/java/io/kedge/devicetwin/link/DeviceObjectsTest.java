package io.kedge.devicetwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kedge.devicetwin.port.CloudDevice;
import org.junit.jupiter.api.Test;

class DeviceObjectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final String DEVICE = """
            {'metadata':{'name':'thermo-1','namespace':'plant','labels':{'description':'boiler room'}},
             'spec':{'deviceModelRef':{'name':'thermometer'},'nodeName':'edge-1',
               'properties':[{'name':'temperature','desired':{'value':'21.5','metadata':{'type':'float'}}},
                             {'name':'unit','desired':{}},{'desired':{'value':'no name'}}]}}""";

    @Test
    void theModelTypesThePropertiesAndTheDeviceGivesTheirDesiredValues() throws Exception {
        JsonNode model = json("""
                {'metadata':{'name':'thermometer','namespace':'plant'},
                 'spec':{'properties':[{'name':'temperature','type':'FLOAT'},{'name':'unit','type':'STRING'},
                                       {'name':'alarm','type':'BOOLEAN'}]}}""");

        CloudDevice device = DeviceObjects.toCloudDevice(json(DEVICE), model);

        assertThat(device.id()).isEqualTo("plant/thermo-1");
        assertThat(device.name()).isEqualTo("thermo-1");
        assertThat(device.description()).isEqualTo("boiler room");
        assertThat(device.properties()).containsOnlyKeys("temperature", "unit", "alarm");
        assertThat(device.properties().get("temperature")).isEqualTo(new CloudDevice.Property("float", "21.5"));
        assertThat(device.properties().get("unit")).isEqualTo(new CloudDevice.Property("string", null));
        assertThat(device.properties().get("alarm")).isEqualTo(new CloudDevice.Property("boolean", null));
        assertThat(DeviceObjects.modelName(json(DEVICE))).contains("thermometer");
    }

    @Test
    void withoutItsModelYetADeviceKeepsItsOwnPropertiesTypedByTheirMetadata() throws Exception {
        CloudDevice device = DeviceObjects.toCloudDevice(json(DEVICE), null);

        assertThat(device.properties()).containsOnlyKeys("temperature", "unit");
        assertThat(device.properties().get("temperature").type()).isEqualTo("float");
        assertThat(device.properties().get("unit").type()).isEqualTo("string");
    }

    @Test
    void aDeviceIdIsNamespaceSlashName() {
        assertThat(DeviceId.parse("plant/thermo-1")).isEqualTo(new DeviceId("plant", "thermo-1"));
        for (String bad : new String[] {"thermo-1", "/thermo", "plant/", "a/b/c"}) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.parse(bad));
        }
    }
}
