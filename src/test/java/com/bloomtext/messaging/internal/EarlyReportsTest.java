package com.bloomtext.messaging.internal;

import java.time.Duration;

import com.bloomtext.carrier.DeliveryStatusReported;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports that come before the delivery stored the carrier's id, and the one that races the storing. */
class EarlyReportsTest {

    static DeliveryStatusReported report(String id, String status) {
        return new DeliveryStatusReported("sandbox", id, status, null);
    }

    @Test
    void reportsThatCameFirstAreHandedToTheDeliveryOnceInTheOrderTheyCame() {
        EarlyReports early = new EarlyReports(Duration.ofMinutes(5), Duration.ofSeconds(10), 100);
        assertThat(early.keepUnlessStored(report("A", "sent"), System.nanoTime())).isFalse();
        assertThat(early.keepUnlessStored(report("A", "delivered"), System.nanoTime())).isFalse();
        assertThat(early.stored("A")).containsExactly(report("A", "sent"), report("A", "delivered"));
        assertThat(early.stored("A")).as("handed over once").isEmpty();
    }

    @Test
    void aReportWhoseAttemptBeganBeforeTheIdWasStoredIsAppliedAgainNotKept() {
        EarlyReports early = new EarlyReports(Duration.ofMinutes(5), Duration.ofSeconds(10), 100);
        long attempted = System.nanoTime();
        assertThat(early.stored("B")).isEmpty();
        assertThat(early.keepUnlessStored(report("B", "delivered"), attempted)).isTrue();
    }

    @Test
    void aReportThatSawTheStoredIdAndMovedNothingIsNeitherAppliedAgainNorKept() {
        EarlyReports early = new EarlyReports(Duration.ofMinutes(5), Duration.ofSeconds(10), 100);
        early.stored("C");
        assertThat(early.keepUnlessStored(report("C", "sent"), System.nanoTime())).isFalse();
        assertThat(early.stored("C")).isEmpty();
    }

    @Test
    void whileADeliveryStoresTheIdItsReportsAreKeptWithoutTryingTheDatabaseAndHandedOverOnceStored() {
        EarlyReports early = new EarlyReports(Duration.ofMinutes(5), Duration.ofSeconds(10), 100);
        assertThat(early.keepIfStoring(report("G", "sent"))).as("no delivery is storing G: try the database").isFalse();
        early.keepUnlessStored(report("G", "sent"), System.nanoTime());
        assertThat(early.storing("G")).as("what came before, to apply in the same update").containsExactly(report("G", "sent"));
        assertThat(early.keepIfStoring(report("G", "delivered"))).isTrue();
        assertThat(early.stored("G")).as("everything kept, the folded one too (the delivery skips it)")
                .containsExactly(report("G", "sent"), report("G", "delivered"));
        assertThat(early.keepIfStoring(report("G", "read"))).as("stored: the database has the id").isFalse();
    }

    @Test
    void aDeliveryThatDidNotStoreTheIdLeavesItsReportsKept() {
        EarlyReports early = new EarlyReports(Duration.ofMinutes(5), Duration.ofSeconds(10), 100);
        early.storing("H");
        assertThat(early.keepIfStoring(report("H", "delivered"))).isTrue();
        early.notStored("H");
        assertThat(early.keepIfStoring(report("H", "read"))).as("no longer storing").isFalse();
        assertThat(early.stored("H")).as("still there for the delivery that stores it").containsExactly(report("H", "delivered"));
    }

    @Test
    void pastTheLimitNothingMoreIsKeptAndOldEntriesMakeRoom() throws Exception {
        EarlyReports early = new EarlyReports(Duration.ofMillis(50), Duration.ofMillis(50), 2);
        early.keepUnlessStored(report("D1", "delivered"), System.nanoTime());
        early.keepUnlessStored(report("D2", "delivered"), System.nanoTime());
        early.keepUnlessStored(report("D3", "delivered"), System.nanoTime());
        assertThat(early.stored("D3")).as("over the limit").isEmpty();
        Thread.sleep(60);
        early.keepUnlessStored(report("D4", "delivered"), System.nanoTime());
        assertThat(early.stored("D4")).as("the old ones dropped").containsExactly(report("D4", "delivered"));
        assertThat(early.stored("D1")).as("too old").isEmpty();
    }

    @Test
    void aReportWaitsForASlowDeliveryLongerThanAStoredIdWaitsForAReport() throws Exception {
        EarlyReports early = new EarlyReports(Duration.ofSeconds(10), Duration.ofMillis(50), 100);
        early.keepUnlessStored(report("E", "delivered"), System.nanoTime());
        early.stored("F");
        Thread.sleep(60);
        assertThat(early.keepUnlessStored(report("F", "delivered"), System.nanoTime()))
                .as("the stored id is forgotten after its own patience").isFalse();
        assertThat(early.stored("E")).as("the report is still there for its delivery").containsExactly(report("E", "delivered"));
    }
}
