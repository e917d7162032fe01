package io.kedge.dmi;

import static org.assertj.core.api.Assertions.assertThat;

import io.kedge.mapper.api.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportQueueTest {
    private static Reading reading(String value) {
        return new Reading(value, Instant.ofEpochMilli(1000));
    }

    @Test
    void theLatestReadingOfAPropertyWinsAndDevicesStayInTheOrderTheyFirstWaited() {
        ReportQueue queue = new ReportQueue(10);
        queue.twin("a", "t", reading("1"));
        queue.twin("b", "t", reading("5"));
        queue.twin("a", "t", reading("2"));
        queue.state("a", DeviceState.online(""));

        assertThat(queue.size()).isEqualTo(3);
        List<String> order = new ArrayList<>();
        queue.oldestFirst().forEachRemaining(e -> order.add(e.getKey() + "=" + e.getValue().twins.get("t").value()));
        assertThat(order).containsExactly("a=2", "b=5");
    }

    @Test
    void whenFullTheOldestDeviceIsDroppedAndCounted() {
        ReportQueue queue = new ReportQueue(3);
        queue.twin("a", "t", reading("1"));
        queue.twin("a", "h", reading("1"));
        queue.twin("b", "t", reading("1"));
        queue.twin("c", "t", reading("1"));

        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.dropped()).isEqualTo(2);
        List<String> left = new ArrayList<>();
        queue.oldestFirst().forEachRemaining(e -> left.add(e.getKey()));
        assertThat(left).containsExactly("b", "c");

        queue.forget("b");
        assertThat(queue.size()).isEqualTo(1);
    }
}
