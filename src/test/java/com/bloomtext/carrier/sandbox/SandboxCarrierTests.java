package com.bloomtext.carrier.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.bloomtext.carrier.AreaCode;
import com.bloomtext.carrier.AvailableNumber;
import com.bloomtext.carrier.NumberUnavailableException;
import com.bloomtext.carrier.PurchasedNumber;
import com.bloomtext.carrier.UsAreaCodes;
import com.bloomtext.carrier.WebhookUrls;
import com.bloomtext.shared.E164;
import com.bloomtext.testing.IntegrationTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox carrier's inventory, checked for every US area code in service, and its books. */
class SandboxCarrierTests extends IntegrationTest {

    static final WebhookUrls HOOKS = new WebhookUrls("http://localhost/in", "http://localhost/status");
    static final UsAreaCodes AREA_CODES = new UsAreaCodes();

    @Autowired
    SandboxCarrier carrier;

    static Stream<AreaCode> everyAreaCodeInService() {
        return Stream.iterate(200, npa -> npa <= 999, npa -> npa + 1)
                .map(npa -> new AreaCode(String.valueOf(npa)))
                .filter(AREA_CODES::inService);
    }

    @ParameterizedTest
    @MethodSource("everyAreaCodeInService")
    void everyAreaCodeOffersFictional555NumbersWithTheirLocalityInAStableOrder(AreaCode areaCode) {
        List<AvailableNumber> first = carrier.searchLocal(areaCode, 10);
        assertThat(first).hasSize(10).doesNotHaveDuplicates();
        assertThat(first).allSatisfy(offered -> {
            assertThat(offered.number().value()).matches("\\+1" + areaCode.value() + "5550(1\\d\\d)");
            assertThat(offered.locality()).isNotBlank();
        });
        assertThat(carrier.searchLocal(areaCode, 10)).isEqualTo(first);
    }

    @Test
    void aSoldNumberIsNotOfferedUntilItIsReleased() {
        AreaCode areaCode = new AreaCode("307");
        AvailableNumber first = carrier.searchLocal(areaCode, 1).getFirst();
        PurchasedNumber bought = carrier.purchase(first.number(), HOOKS);
        assertThat(carrier.searchLocal(areaCode, 100)).extracting(AvailableNumber::number).doesNotContain(first.number())
                .hasSize(99);
        carrier.release(bought);
        assertThat(carrier.searchLocal(areaCode, 100)).extracting(AvailableNumber::number).contains(first.number());
    }

    @Test
    void numbersOutsideTheInventoryAreNotForSale() {
        assertThatThrownBy(() -> carrier.purchase(new E164("+14152345678"), HOOKS))
                .hasMessage("The sandbox carrier doesn't sell that number.");
        assertThat(carrier.searchLocal(new AreaCode("999"), 10)).isEmpty();
    }

    @Test
    void twoBuyersOfOneNumberAtOnceMeansOneWins() throws Exception {
        E164 contested = carrier.searchLocal(new AreaCode("406"), 1).getFirst().number();
        ExecutorService buyers = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                attempts.add(() -> {
                    try {
                        carrier.purchase(contested, HOOKS);
                        return true;
                    } catch (NumberUnavailableException e) {
                        return false;
                    }
                });
            }
            List<Boolean> outcomes = new ArrayList<>();
            for (Future<Boolean> outcome : buyers.invokeAll(attempts, 30, TimeUnit.SECONDS)) {
                outcomes.add(outcome.get());
            }
            assertThat(outcomes).containsOnlyOnce(true);
        } finally {
            buyers.shutdownNow();
        }
    }

    @Test
    void portabilityFollowsRealRules() {
        assertThat(carrier.checkPortability(new E164("+18005550100")).portable()).isFalse();
        assertThat(carrier.checkPortability(new E164("+18005550100")).reason())
                .isEqualTo("Toll-free numbers can't be ported to BloomText.");
        E164 onBloomText = carrier.searchLocal(new AreaCode("208"), 1).getFirst().number();
        carrier.purchase(onBloomText, HOOKS);
        assertThat(carrier.checkPortability(onBloomText).reason()).isEqualTo("This number is already on BloomText.");
        assertThat(carrier.checkPortability(new E164("+14155552671")).portable()).isTrue();
    }
}
