package io.kedge.dmi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.api.devices.MappedDevice;
import io.kedge.api.devices.MapperSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappersCommandTest {
    @Test
    void listsMappersWithTheirDevicesThenDevicesWithoutOne() {
        String out = MappersCommand.format(List.of(
                new MapperSummary("modbus", "io.kedge.mapper.modbus", "0.1.0", true, "", true,
                        List.of(new MappedDevice("default/pump", "modbus", "offline", "connection refused"))),
                new MapperSummary("virtual", "io.kedge.mapper.virtual", "0.2.0", false, "no functions", false, List.of())),
                List.of(new MappedDevice("default/cam", "onvif", "unknown", "no mapper for protocol onvif")));

        assertThat(out.lines()).containsExactly(
                "modbus  io.kedge.mapper.modbus 0.1.0  healthy",
                "  default/pump                             offline  connection refused",
                "virtual  io.kedge.mapper.virtual 0.2.0  unhealthy: no functions  (standby)",
                "devices without a mapper",
                "  default/cam                              unknown  no mapper for protocol onvif");
        assertThat(MappersCommand.format(List.of(), List.of())).isEqualTo("no device mappers on this node" + System.lineSeparator());
    }
}
