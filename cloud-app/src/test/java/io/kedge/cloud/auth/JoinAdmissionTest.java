package io.kedge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kedge.cloud.auth.InvalidTokenException.Reason;
import io.kedge.cloud.devapi.MockApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Node-bound, single-use and cluster-wide tokens against the record kept in the (mock) cluster. */
@MockApi
class JoinAdmissionTest {
    private static final String NAMESPACE = "kedge";

    static KubernetesClient client;
    private static ClusterCa ca;
    private static ExecutorService threads;

    @BeforeAll
    static void createCa() {
        ca = ClusterCa.loadOrCreate(client, NAMESPACE);
        threads = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopThreads() {
        threads.shutdownNow();
    }

    /** A cloud-app as it starts: fresh objects, the cluster's state. */
    private static JoinAdmission freshCloudApp() {
        return new JoinAdmission(new JoinTokens(ca), new ClusterUsedTokenIds(client, NAMESPACE));
    }

    private static JoinGrant admit(JoinAdmission admission, String token, String node) throws Exception {
        JoinGrant grant = admission.verifyBearer("Bearer " + token);
        admission.check(grant, node);
        admission.redeem(grant, node);
        return grant;
    }

    @Test
    void aNodeBoundTokenIsRefusedForAnotherName() throws Exception {
        String token = new JoinTokens(ca).issueForNode("bound-1", Duration.ofHours(1));
        JoinAdmission admission = freshCloudApp();
        JoinGrant grant = admission.verifyBearer("Bearer " + token);

        assertThatThrownBy(() -> admission.check(grant, "bound-2"))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WRONG_NODE);
                    assertThat(e.httpStatus()).isEqualTo(403);
                })
                .hasMessageContaining("admits node bound-1, not bound-2");
    }

    @Test
    void aNodeBoundTokenIsSingleUseAcrossARestartOfTheCloudApp() throws Exception {
        String token = new JoinTokens(ca).issueForNode("once-1", Duration.ofHours(1));
        admit(freshCloudApp(), token, "once-1");

        JoinAdmission restarted = freshCloudApp();
        JoinGrant again = restarted.verifyBearer("Bearer " + token);

        assertThatThrownBy(() -> restarted.check(again, "once-1"))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ALREADY_USED);
                    assertThat(e.httpStatus()).isEqualTo(401);
                })
                .hasMessageContaining("single-use token").hasMessageContaining("node once-1");
        assertThatThrownBy(() -> restarted.redeem(again, "once-1"))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_USED));
    }

    @Test
    void theJwtAloneIsSingleUseToo() throws Exception {
        String token = new JoinTokens(ca).issueForNode("once-2", Duration.ofHours(1));
        admit(freshCloudApp(), token, "once-2");

        String jwt = token.substring(token.indexOf('.') + 1);
        assertThatThrownBy(() -> admit(freshCloudApp(), jwt, "once-2"))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_USED));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = new JoinTokens(ca.certificate(), ca.tokenKey(),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-2))).issueForNode("late-1", Duration.ofHours(1));

        assertThatThrownBy(() -> admit(freshCloudApp(), token, "late-1"))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
    }

    @Test
    void aClusterWideTokenAdmitsTwoNamesAndAgain() throws Exception {
        String token = new JoinTokens(ca).issueForAnyNode(Duration.ofHours(1));

        admit(freshCloudApp(), token, "fleet-a");
        admit(freshCloudApp(), token, "fleet-b");
        admit(freshCloudApp(), token, "fleet-a");
    }

    @Test
    void twoReplicasRecordingAtOnceLoseNoIdAndAdmitATokenOnce() throws Exception {
        List<Callable<Boolean>> marks = new ArrayList<>();
        Instant expiry = Instant.now().plus(Duration.ofHours(1));
        for (int i = 0; i < 40; i++) {
            String id = String.format("race-%016d", i % 20); // every id twice: one must lose
            UsedTokenIds replica = new ClusterUsedTokenIds(client, NAMESPACE);
            marks.add(() -> replica.markUsed(id, "race", expiry));
        }
        long won = 0;
        for (Future<Boolean> result : threads.invokeAll(marks)) {
            won += result.get() ? 1 : 0;
        }

        assertThat(won).isEqualTo(20);
        UsedTokenIds reader = new ClusterUsedTokenIds(client, NAMESPACE);
        for (int i = 0; i < 20; i++) {
            assertThat(reader.isUsed(String.format("race-%016d", i))).isTrue();
        }
    }

    @Test
    void idsOfExpiredTokensAreForgottenOnTheNextWrite() throws Exception {
        Instant now = Instant.now();
        UsedTokenIds today = new ClusterUsedTokenIds(client, NAMESPACE, Clock.fixed(now, ZoneOffset.UTC));
        today.markUsed("prune-aaaaaaaaaaaa", "p", now.plus(Duration.ofMinutes(5)));
        assertThat(today.isUsed("prune-aaaaaaaaaaaa")).isTrue();

        UsedTokenIds later = new ClusterUsedTokenIds(client, NAMESPACE,
                Clock.fixed(now.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        later.markUsed("prune-bbbbbbbbbbbb", "p", now.plus(Duration.ofHours(2)));

        assertThat(later.isUsed("prune-aaaaaaaaaaaa")).isFalse();
        assertThat(later.isUsed("prune-bbbbbbbbbbbb")).isTrue();
    }
}
