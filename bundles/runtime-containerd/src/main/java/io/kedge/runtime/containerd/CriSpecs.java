package io.kedge.runtime.containerd;

import io.kedge.runtime.api.ContainerSpec;
import io.kedge.runtime.api.SandboxSpec;
import runtime.v1.Api;

/** The SPI's specs as CRI configs. */
final class CriSpecs {
    private CriSpecs() {
    }

    static Api.PodSandboxConfig sandboxConfig(SandboxSpec spec) {
        Api.PodSandboxConfig.Builder b = Api.PodSandboxConfig.newBuilder()
                .setMetadata(Api.PodSandboxMetadata.newBuilder().setName(spec.podName())
                        .setNamespace(spec.namespace()).setUid(spec.podUid()).setAttempt(spec.attempt()))
                .setHostname(spec.hostname() == null || spec.hostname().isEmpty() ? spec.podName() : spec.hostname())
                .putAllLabels(spec.labels())
                .putAllAnnotations(spec.annotations());
        if (spec.logDirectory() != null && !spec.logDirectory().isEmpty()) {
            b.setLogDirectory(spec.logDirectory());
        }
        for (SandboxSpec.PortMapping p : spec.ports()) {
            b.addPortMappings(Api.PortMapping.newBuilder().setProtocol(protocol(p.protocol()))
                    .setContainerPort(p.containerPort()).setHostPort(p.hostPort()));
        }
        Api.NamespaceOption.Builder ns = Api.NamespaceOption.newBuilder()
                .setNetwork(spec.hostNetwork() ? Api.NamespaceMode.NODE : Api.NamespaceMode.POD);
        b.setLinux(Api.LinuxPodSandboxConfig.newBuilder().setSecurityContext(
                Api.LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(ns)));
        return b.build();
    }

    private static Api.Protocol protocol(String name) {
        if (name == null) {
            return Api.Protocol.TCP;
        }
        return switch (name.toUpperCase()) {
            case "UDP" -> Api.Protocol.UDP;
            case "SCTP" -> Api.Protocol.SCTP;
            default -> Api.Protocol.TCP;
        };
    }

    static Api.ContainerConfig containerConfig(ContainerSpec spec) {
        Api.ContainerConfig.Builder b = Api.ContainerConfig.newBuilder()
                .setMetadata(Api.ContainerMetadata.newBuilder().setName(spec.name()).setAttempt(spec.attempt()))
                .setImage(Api.ImageSpec.newBuilder().setImage(spec.image()))
                .addAllCommand(spec.command())
                .addAllArgs(spec.args())
                .setWorkingDir(spec.workingDir())
                .putAllLabels(spec.labels())
                .putAllAnnotations(spec.annotations());
        if (spec.logPath() != null) {
            b.setLogPath(spec.logPath());
        }
        for (ContainerSpec.EnvVar env : spec.env()) {
            b.addEnvs(Api.KeyValue.newBuilder().setKey(env.name()).setValue(env.value()));
        }
        for (ContainerSpec.Mount m : spec.mounts()) {
            b.addMounts(Api.Mount.newBuilder().setContainerPath(m.containerPath()).setHostPath(m.hostPath())
                    .setReadonly(m.readOnly()));
        }
        b.setLinux(Api.LinuxContainerConfig.newBuilder().setResources(resources(spec.resources())));
        return b.build();
    }

    static Api.LinuxContainerResources resources(ContainerSpec.Resources r) {
        Api.LinuxContainerResources.Builder b = Api.LinuxContainerResources.newBuilder();
        if (r.cpuMillis() > 0) {
            b.setCpuPeriod(ContainerdRuntime.cfsPeriod()).setCpuQuota(ContainerdRuntime.cpuQuota(r.cpuMillis()));
        }
        long shares = ContainerdRuntime.cpuShares(r.cpuRequestMillis() > 0 ? r.cpuRequestMillis() : r.cpuMillis());
        if (shares > 0) {
            b.setCpuShares(shares);
        }
        if (r.memoryBytes() > 0) {
            b.setMemoryLimitInBytes(r.memoryBytes());
        }
        return b.build();
    }
}
