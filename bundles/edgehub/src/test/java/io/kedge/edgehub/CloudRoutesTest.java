package io.kedge.edgehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Routes from the cloud come from what module handlers declare, and outlive the handlers. */
class CloudRoutesTest {
    private final CloudRoutes routes = new CloudRoutes();

    @Test
    void aGroupNoModuleDeclaredHasNoRoute() {
        assertThat(routes.busGroupFor("resource")).isEmpty();
        assertThat(routes.busGroupFor(null)).isEmpty();
    }

    @Test
    void eachDeclaredCloudGroupGoesToTheDeclarersBusGroup() {
        routes.learn(new String[] {"twin", "membership"}, "devicetwin", "twin module");
        routes.learn("resource", new String[] {"meta"}, "meta module");

        assertThat(routes.busGroupFor("twin")).hasValue("devicetwin");
        assertThat(routes.busGroupFor("membership")).hasValue("devicetwin");
        assertThat(routes.busGroupFor("resource")).hasValue("meta");
        assertThat(routes.busGroupFor("func")).isEmpty();
    }

    @Test
    void aRouteStaysWhenItsHandlerGoesAway() {
        routes.learn("resource", "meta", "meta module");

        routes.unbindHandler(null);

        assertThat(routes.busGroupFor("resource")).hasValue("meta");
    }

    @Test
    void aLaterDeclarationOfTheSameCloudGroupWins() {
        routes.learn(List.of("twin"), "old-twin", "old module");
        routes.learn(List.of("twin"), "new-twin", "new module");

        assertThat(routes.busGroupFor("twin")).hasValue("new-twin");
    }

    @Test
    void aHandlerWithoutExactlyOneBusGroupDeclaresNothing() {
        routes.learn("twin", new String[] {"a", "b"}, "ambiguous module");
        routes.learn("func", null, "groupless module");

        assertThat(routes.busGroupFor("twin")).isEmpty();
        assertThat(routes.busGroupFor("func")).isEmpty();
    }

    @Test
    void listenersHearOfANewRouteOnly() {
        java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
        Runnable listener = heard::incrementAndGet;
        routes.addRouteListener(listener);

        routes.learn("resource", "meta", "meta module");
        routes.learn("resource", "meta", "meta module again");
        routes.removeRouteListener(listener);
        routes.learn("twin", "devicetwin", "twin module");

        assertThat(heard).hasValue(1);
    }
}
