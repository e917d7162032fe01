package io.kedge.edged.probe;

import static io.kedge.edged.testing.MapMetaStore.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.edged.pod.PodSpecException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeSpecTest {

    @Test
    void defaultsAsKubernetes() throws Exception {
        ProbeSpec spec = ProbeSpec.parse(json("{'exec':{'command':['cat','/tmp/ok']}}"));
        assertThat(spec.handler()).isEqualTo(new ProbeSpec.Exec(List.of("cat", "/tmp/ok")));
        assertThat(spec.initialDelay()).isZero();
        assertThat(spec.period()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.successThreshold()).isEqualTo(1);
        assertThat(spec.failureThreshold()).isEqualTo(3);
    }

    @Test
    void httpGetWithNamedPortHeadersAndTiming() throws Exception {
        ProbeSpec spec = ProbeSpec.parse(json("{'httpGet':{'path':'healthz','port':'web','scheme':'HTTPS',"
                + "'httpHeaders':[{'name':'X-Probe','value':'1'}]},'initialDelaySeconds':5,'periodSeconds':2,"
                + "'timeoutSeconds':3,'successThreshold':2,'failureThreshold':4}"),
                json("{'name':'c','ports':[{'name':'metrics','containerPort':9090},{'name':'web','containerPort':8080}]}"));
        assertThat(spec.handler()).isEqualTo(new ProbeSpec.HttpGet("HTTPS", "", 8080, "/healthz",
                List.of(Map.entry("X-Probe", "1"))));
        assertThat(spec).extracting(ProbeSpec::initialDelay, ProbeSpec::period, ProbeSpec::timeout,
                ProbeSpec::successThreshold, ProbeSpec::failureThreshold)
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(3), 2, 4);
        assertThat(ProbeSpec.parse(json("{'tcpSocket':{'port':6379,'host':'10.1.1.1'}}")).handler())
                .isEqualTo(new ProbeSpec.TcpSocket("10.1.1.1", 6379));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{'exec':{'command':['true']},'tcpSocket':{'port':1}}",
        "{'grpc':{'port':9000}}",
        "{'exec':{'command':[]}}",
        "{'exec':{'command':'true'}}",
        "{'exec':{'command':['true']},'periodSeconds':-1}",
        "{'exec':{'command':['true']},'timeoutSeconds':-5}",
        "{'exec':{'command':['true']},'failureThreshold':-1}",
        "{'exec':{'command':['true']},'initialDelaySeconds':-1}",
        "{'exec':{'command':['true']},'periodSeconds':1.5}",
        "{'tcpSocket':{'port':0}}",
        "{'tcpSocket':{'port':70000}}",
        "{'tcpSocket':{}}",
        "{'httpGet':{'port':'missing'}}",
        "{'httpGet':{'port':80,'scheme':'FTP'}}",
        "[]"
    })
    void invalidProbesAreRefused(String probe) {
        assertThatThrownBy(() -> ProbeSpec.parse(json(probe), json("{'ports':[{'name':'web','containerPort':80}]}")))
                .isInstanceOfSatisfying(PodSpecException.class,
                        e -> assertThat(e.reason()).isEqualTo(PodSpecException.INVALID_SPEC));
    }
}
