/** The Modbus TCP device mapper: private to its bundle, reached only as a DeviceMapper service. */
package io.kedge.mapper.modbus;
