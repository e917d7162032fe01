package io.kedge.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.protocol.testing.RandomInputs;
import org.junit.jupiter.api.Test;

class TopicFilterTest {

    @Test
    void wildcardsMatchWholeLevels() {
        assertThat(TopicFilter.matches("$hw/events/device/+/twin/+", "$hw/events/device/d1/twin/update")).isTrue();
        assertThat(TopicFilter.matches("$hw/events/device/+/twin/+", "$hw/events/device/d1/twin/update/result")).isFalse();
        assertThat(TopicFilter.matches("$hw/events/device/+/+/twin/+", "$hw/events/device/ns/d1/twin/get")).isTrue();
        assertThat(TopicFilter.matches("$hw/events/device/+/+/twin/+", "$hw/events/device/d1/twin/update/delta")).isFalse();
        assertThat(TopicFilter.matches("$hw/events/upload/#", "$hw/events/upload/a/b")).isTrue();
        assertThat(TopicFilter.matches("$hw/events/upload/#", "$hw/events/upload")).isTrue();
        assertThat(TopicFilter.matches("a/+", "a/")).isTrue();
        assertThat(TopicFilter.matches("a/+", "a")).isFalse();
        assertThat(TopicFilter.matches("SYS/dis/upload_records", "SYS/dis/upload_records")).isTrue();
        assertThat(TopicFilter.matches("SYS/dis/upload_records", "SYS/dis/upload_records/x")).isFalse();
    }

    @Test
    void leadingWildcardsDoNotMatchDollarTopics() {
        assertThat(TopicFilter.matches("#", "$hw/events/upload/x")).isFalse();
        assertThat(TopicFilter.matches("+/user/#", "$x/user/a")).isFalse();
        assertThat(TopicFilter.matches("+/user/#", "app/user/a")).isTrue();
        assertThat(TopicFilter.matches("#", "a/b")).isTrue();
    }

    @Test
    void malformedFiltersAndTopicsAreRecognised() {
        assertThat(TopicFilter.isValidFilter("a/#/b")).isFalse();
        assertThat(TopicFilter.isValidFilter("a/b+")).isFalse();
        assertThat(TopicFilter.isValidFilter("")).isFalse();
        assertThat(TopicFilter.isValidFilter("a/+/#")).isTrue();
        assertThat(TopicFilter.isValidTopic("a/+")).isFalse();
        assertThat(TopicFilter.isValidTopic("")).isFalse();
        assertThat(TopicFilter.isValidTopic("$hw/events/device/x/twin/update")).isTrue();
    }

    @Test
    void anyTextIsJudgedWithoutFailing() {
        RandomInputs.forAll(2_000, random -> new String[] {RandomInputs.anyString(random, 40), RandomInputs.anyString(random, 40)},
                pair -> {
                    if (TopicFilter.isValidFilter(pair[0]) && TopicFilter.isValidTopic(pair[1])) {
                        TopicFilter.matches(pair[0], pair[1]);
                    }
                    // a topic always matches itself as a filter
                    if (TopicFilter.isValidTopic(pair[1])) {
                        assertThat(TopicFilter.matches(pair[1], pair[1])).isTrue();
                    }
                });
    }
}
