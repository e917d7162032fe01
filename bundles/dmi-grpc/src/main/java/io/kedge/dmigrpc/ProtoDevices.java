package io.kedge.dmigrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import v1beta1.Api;

/**
 * A {@code devices.kubeedge.io/v1beta1} Device or DeviceModel, as the node holds it (JSON), in the
 * DMI v1beta1 messages, converted the way KubeEdge's edgecore does it: config data values become
 * {@code google.protobuf.Any} of StringValue, Int32Value (Int64Value beyond), FloatValue or
 * BoolValue; what has no such wrapper (lists, objects) goes as StringValue of its JSON text.
 */
final class ProtoDevices {
    private ProtoDevices() {
    }

    static Api.Device device(JsonNode device) {
        JsonNode metadata = device.path("metadata");
        JsonNode spec = device.path("spec");
        Api.DeviceSpec.Builder protoSpec = Api.DeviceSpec.newBuilder()
                .setDeviceModelReference(spec.path("deviceModelRef").path("name").asText(""))
                .setProtocol(Api.ProtocolConfig.newBuilder()
                        .setProtocolName(NodeDeviceCatalog.protocol(device))
                        .setConfigData(customized(spec.path("protocol").path("configData"))));
        for (JsonNode property : spec.path("properties")) {
            protoSpec.addProperties(property(property));
        }
        for (JsonNode method : spec.path("methods")) {
            Api.DeviceMethod.Builder protoMethod = Api.DeviceMethod.newBuilder()
                    .setName(method.path("name").asText(""))
                    .setDescription(method.path("description").asText(""));
            method.path("propertyNames").forEach(name -> protoMethod.addPropertyNames(name.asText("")));
            protoSpec.addMethods(protoMethod);
        }
        Api.Device.Builder proto = Api.Device.newBuilder()
                .setName(metadata.path("name").asText(""))
                .setNamespace(metadata.path("namespace").asText("default"))
                .setSpec(protoSpec);
        JsonNode stateReport = spec.path("stateReport");
        if (stateReport.isObject()) {
            proto.setStatus(Api.DeviceStatus.newBuilder()
                    .setReportCycle(stateReport.path("reportCycle").asLong(0))
                    .setReportToCloud(stateReport.path("reportToCloud").asBoolean(false)));
        }
        return proto.build();
    }

    static Api.DeviceModel model(JsonNode model) {
        Api.DeviceModelSpec.Builder spec = Api.DeviceModelSpec.newBuilder();
        for (JsonNode property : model.path("spec").path("properties")) {
            spec.addProperties(Api.ModelProperty.newBuilder()
                    .setName(property.path("name").asText(""))
                    .setDescription(property.path("description").asText(""))
                    .setType(property.path("type").asText(""))
                    .setAccessMode(property.path("accessMode").asText(""))
                    .setMinimum(property.path("minimum").asText(""))
                    .setMaximum(property.path("maximum").asText(""))
                    .setUnit(property.path("unit").asText("")));
        }
        return Api.DeviceModel.newBuilder()
                .setName(model.path("metadata").path("name").asText(""))
                .setNamespace(model.path("metadata").path("namespace").asText("default"))
                .setSpec(spec)
                .build();
    }

    private static Api.DeviceProperty property(JsonNode property) {
        Api.DeviceProperty.Builder proto = Api.DeviceProperty.newBuilder()
                .setName(property.path("name").asText(""))
                .setReportCycle(property.path("reportCycle").asLong(0))
                .setCollectCycle(property.path("collectCycle").asLong(0))
                .setReportToCloud(property.path("reportToCloud").asBoolean(false))
                .setVisitors(Api.VisitorConfig.newBuilder()
                        .setProtocolName(property.path("visitors").path("protocolName").asText(""))
                        .setConfigData(customized(property.path("visitors").path("configData"))));
        JsonNode desired = property.path("desired");
        if (desired.isObject()) {
            Api.TwinProperty.Builder twin = Api.TwinProperty.newBuilder().setValue(desired.path("value").asText(""));
            desired.path("metadata").properties().forEach(e -> twin.putMetadata(e.getKey(), e.getValue().asText("")));
            proto.setDesired(twin);
        }
        return proto.build();
    }

    private static Api.CustomizedValue customized(JsonNode data) {
        Api.CustomizedValue.Builder proto = Api.CustomizedValue.newBuilder();
        data.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                proto.putData(e.getKey(), any(e.getValue()));
            }
        });
        return proto.build();
    }

    static Any any(JsonNode value) {
        if (value.isTextual()) {
            return Any.pack(StringValue.of(value.asText()));
        }
        if (value.isBoolean()) {
            return Any.pack(BoolValue.of(value.asBoolean()));
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return Any.pack(Int32Value.of(value.asInt()));
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Any.pack(Int64Value.of(value.asLong()));
        }
        if (value.isNumber()) {
            return Any.pack(FloatValue.of((float) value.asDouble()));
        }
        return Any.pack(StringValue.of(value.toString()));
    }
}
