package com.bloomtext.carrier;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsAreaCodesTest {

    static final UsAreaCodes AREA_CODES = new UsAreaCodes();

    @Test
    void knowsWhereAnAreaCodeIs() {
        assertThat(AREA_CODES.inService(new AreaCode("415"))).isTrue();
        assertThat(AREA_CODES.locality(new AreaCode("415"))).isEqualTo("San Francisco, CA");
        assertThat(AREA_CODES.inService(new AreaCode("999"))).isFalse();
        assertThat(AREA_CODES.inService(new AreaCode("800"))).as("toll-free is not local").isFalse();
        assertThat(AREA_CODES.inService(new AreaCode("416"))).as("Toronto is not in the US").isFalse();
    }

    @Test
    void suggestsByStateOrTimeZone() {
        assertThat(AREA_CODES.inState("CA")).contains(new AreaCode("415"), new AreaCode("213"));
        assertThat(AREA_CODES.inState("California")).isEqualTo(AREA_CODES.inState("ca"));
        assertThat(AREA_CODES.inState("Atlantis")).isEmpty();
        assertThat(AREA_CODES.inTimeZone(ZoneId.of("America/Chicago"))).contains(new AreaCode("512"))
                .doesNotContain(new AreaCode("415"));
    }

    @Test
    void neighboursAreOtherAreaCodesOfTheSameState() {
        assertThat(AREA_CODES.neighbours(new AreaCode("512")))
                .isNotEmpty()
                .doesNotContain(new AreaCode("512"))
                .allSatisfy(neighbour -> assertThat(AREA_CODES.inState("TX")).contains(neighbour));
    }
}
