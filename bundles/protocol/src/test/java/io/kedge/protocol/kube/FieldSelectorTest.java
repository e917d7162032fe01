package io.kedge.protocol.kube;

import static io.kedge.protocol.kube.MergePatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kedge.protocol.testing.RandomInputs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one field selector parser and matcher of the cloud's stand-in API and the edge's MetaServer. */
class FieldSelectorTest {
    private static final List<String> VALID = List.of("spec.nodeName=node-a", "status.phase!=Running",
            "metadata.name==web-1,metadata.namespace=default", "spec.nodeName=", "metadata.name=a\\,b\\=c\\\\");

    @Test
    void parsesTheThreeOperatorsAndMatches() {
        FieldSelector selector = FieldSelector.parse("spec.nodeName=node-a, status.phase!=Running,metadata.name==web");
        assertThat(selector.requirements()).containsExactly(
                new FieldSelector.Requirement("spec.nodeName", "node-a", true),
                new FieldSelector.Requirement("status.phase", "Running", false),
                new FieldSelector.Requirement("metadata.name", "web", true));
        assertThat(selector.matches(Map.of("spec.nodeName", "node-a", "status.phase", "Pending",
                "metadata.name", "web"))).isTrue();
        assertThat(selector.matches(Map.of("spec.nodeName", "node-a", "status.phase", "Running",
                "metadata.name", "web"))).isFalse();
    }

    @Test
    void aMissingFieldReadsAsEmpty() {
        FieldSelector unscheduled = FieldSelector.parse("spec.nodeName=");
        assertThat(unscheduled.matches(json("{'spec':{}}"))).isTrue();
        assertThat(unscheduled.matches(json("{'spec':{'nodeName':'n'}}"))).isFalse();
        assertThat(FieldSelector.parse("spec.nodeName=n").matches(json("{'spec':{'nodeName':'n'}}"))).isTrue();
        assertThat(FieldSelector.valueAt(json("{'spec':{'nodeName':null}}"), "spec.nodeName")).isEmpty();
        assertThat(FieldSelector.valueAt(json("{'spec':{'x':{'y':1}}}"), "spec.x")).isEmpty();
    }

    @Test
    void blankSelectsEverythingAndEmptyTermsAreSkipped() {
        assertThat(FieldSelector.parse(null).isEmpty()).isTrue();
        assertThat(FieldSelector.parse("  ").isEmpty()).isTrue();
        assertThat(FieldSelector.parse("a=b,,").requirements()).hasSize(1);
    }

    @Test
    void valuesEscapeCommaEqualsAndBackslashAndPrintBack() {
        FieldSelector selector = FieldSelector.parse("metadata.name=a\\,b\\=c\\\\");
        assertThat(selector.requirements().get(0).value()).isEqualTo("a,b=c\\");
        assertThat(FieldSelector.parse(selector.toString()).requirements()).isEqualTo(selector.requirements());
        assertThat(FieldSelector.parse("a==b,c!=d").toString()).isEqualTo("a=b,c!=d");
    }

    @Test
    void refusesWhatIsNotASelector() {
        for (String bad : List.of("spec.nodeName", "=x", "a=b=c", "a=b\\x", "a b=c", "a=b\\", "!=a")) {
            assertThatThrownBy(() -> FieldSelector.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field selector");
        }
    }

    @Test
    void eachSideNamesTheFieldsItSupports() {
        FieldSelector selector = FieldSelector.parse("spec.hostname=x");
        assertThatThrownBy(() -> selector.requireSupported(Set.of("metadata.name")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("field label not supported: spec.hostname");
        assertThat(FieldSelector.parse("spec.nodeName=n").and("metadata.name", "a,b").toString())
                .isEqualTo("spec.nodeName=n,metadata.name=a\\,b");
        assertThat(FieldSelector.parse("metadata.name=a,spec.nodeName=b")
                .only(r -> !r.field().equals("metadata.name")).toString()).isEqualTo("spec.nodeName=b");
    }

    @Test
    void anySelectorTextParsesOrIsRefusedWithAMessage() {
        RandomInputs.forAll(5_000, random -> random.nextBoolean() ? RandomInputs.anyString(random, 80)
                : RandomInputs.mutate(random, VALID), text -> {
                    try {
                        FieldSelector selector = FieldSelector.parse(text);
                        // what parsed prints back as an equal selector
                        assertThat(FieldSelector.parse(selector.toString()).requirements())
                                .isEqualTo(selector.requirements());
                    } catch (IllegalArgumentException refused) {
                        assertThat(refused.getMessage()).isNotBlank();
                    }
                });
    }
}
