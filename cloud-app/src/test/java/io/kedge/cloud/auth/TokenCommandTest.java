package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kedge.cloud.devapi.MockApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@MockApi
class TokenCommandTest {
    static KubernetesClient client;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        // The command closes its client: give it its own client of the same mock server.
        return TokenCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), kubeconfig -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build());
    }

    @Test
    void printsANodeBoundTokenThatTheStoredCaAccepts() throws Exception {
        assertThat(run("create", "--namespace", "tok", "--node", "edge-7", "--ttl", "2h")).isZero();

        String token = out.toString(StandardCharsets.UTF_8).strip();
        ClusterCa ca = ClusterCa.loadOrCreate(client, "tok");
        JoinGrant grant = new JoinTokens(ca).verify(token);
        assertThat(token).startsWith(JoinTokens.caHash(ca.certificate()) + ".");
        assertThat(grant.node()).contains("edge-7");
        assertThat(grant.expiry()).isBetween(Instant.now().plus(Duration.ofMinutes(119)), Instant.now().plus(Duration.ofHours(2)));
    }

    @Test
    void aNodeBoundTokenLivesOneHourByDefaultAndAClusterWideOneADay() throws Exception {
        assertThat(run("--namespace", "tok", "--node", "edge-8")).isZero();
        assertThat(run("create", "--namespace", "tok", "--any-node")).isZero();

        List<String> printed = out.toString(StandardCharsets.UTF_8).lines().toList();
        JoinTokens tokens = new JoinTokens(ClusterCa.loadOrCreate(client, "tok"));
        JoinGrant bound = tokens.verify(printed.get(0));
        JoinGrant any = tokens.verify(printed.get(1));
        assertThat(bound.expiry()).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofHours(1)));
        assertThat(any.node()).isEmpty();
        assertThat(any.expiry()).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(24)));
    }

    @Test
    void theTokensReachMustBeChosen() {
        assertThat(run("create")).isEqualTo(TokenCommand.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--node NAME").contains("--any-node");
        assertThat(run("create", "--node", "a", "--any-node")).isEqualTo(TokenCommand.EXIT_USAGE);
        assertThat(run("create", "--node", "Not_A_Name")).isEqualTo(TokenCommand.EXIT_USAGE);
    }

    @Test
    void helpDocumentsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--ttl", "--namespace", "--kubeconfig", "--node",
                "--any-node");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("--node", "a", "--ttl", "soon")).isEqualTo(TokenCommand.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ttl");
        assertThat(run("--bogus")).isEqualTo(TokenCommand.EXIT_USAGE);
    }

    @Test
    void ttlAcceptsShortAndIsoForms() {
        assertThat(TokenCommand.parseTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TokenCommand.parseTtl("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(TokenCommand.parseTtl("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(TokenCommand.parseTtl("PT30M")).isEqualTo(Duration.ofMinutes(30));
        assertThatThrownBy(() -> TokenCommand.parseTtl("0h")).hasMessageContaining("positive");
    }
}
