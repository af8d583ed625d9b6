package io.brushguard.jobs.credit;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void shouldLeavePlainCellsUnquoted() {
        assertThat(Csv.line(List.of("a1", "SHOP", "0.85"))).isEqualTo("a1,SHOP,0.85\r\n");
    }

    @Test
    void shouldQuoteCellsWithCommasQuotesAndLineBreaks() {
        assertThat(Csv.line(List.of("a,b", "say \"hi\"", "two\nlines", "cr\r")))
                .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n");
    }

    @Test
    void shouldWriteNullAsAnEmptyCell() {
        assertThat(Csv.line(Arrays.asList("x", null, ""))).isEqualTo("x,,\r\n");
    }

    @Test
    void shouldReadBackWhatItWrote() {
        List<String> cells =
                List.of("{\"summary\":\"3 parcels, \\\"signed\\\"\"}", "line\r\nbreak", "");
        assertThat(CsvReader.records(Csv.line(cells) + Csv.line(List.of("next"))))
                .containsExactly(cells, List.of("next"));
    }

    @Test
    void shouldKeepATextThatLooksLikeAFormulaAText() {
        for (String formula : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(Csv.text(formula)).as(formula).isEqualTo("'" + formula);
        }
        assertThat(Csv.text("shop-1")).isEqualTo("shop-1");
        assertThat(Csv.text("")).isEmpty();
        assertThat(Csv.text(null)).isNull();
    }
}
