package io.brushguard.patterns.engine;

import io.brushguard.avro.OrderStatus;
import io.brushguard.avro.PaymentStatus;
import io.brushguard.avro.ScanType;
import io.brushguard.patterns.correlation.EnrichedEvent;
import io.brushguard.patterns.correlation.OrderContext;
import io.brushguard.patterns.engine.Condition.Op;
import io.brushguard.patterns.model.PlatformEvent;
import io.brushguard.patterns.model.StreamType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.brushguard.patterns.Fixtures.T0;
import static io.brushguard.patterns.Fixtures.hours;
import static io.brushguard.patterns.Fixtures.minutes;
import static io.brushguard.patterns.Fixtures.orderBuilder;
import static io.brushguard.patterns.Fixtures.payment;
import static io.brushguard.patterns.Fixtures.reviewBuilder;
import static io.brushguard.patterns.Fixtures.scan;
import static io.brushguard.patterns.model.StreamType.LOGISTICS;
import static io.brushguard.patterns.model.StreamType.ORDERS;
import static io.brushguard.patterns.model.StreamType.PAYMENTS;
import static io.brushguard.patterns.model.StreamType.REVIEWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConditionsTest {

    /** A 2-star review of order o1, 30 minutes after the order was created, never paid. */
    private static EnrichedEvent review(int rating) {
        OrderContext story = new OrderContext("o1");
        story.shopId = "s1";
        story.buyerId = "b1";
        story.amount = 9_900;
        story.quantity = 2;
        story.createdAt = T0;
        story.buyerRegisteredAt = T0 - hours(48);
        return new EnrichedEvent(
                PlatformEvent.of(
                        reviewBuilder("r1", "s1", "u1", rating, "o1", T0 + minutes(30)).build()),
                story);
    }

    private static EnrichedEvent order(OrderStatus status) {
        return new EnrichedEvent(
                PlatformEvent.of(
                        orderBuilder("o1", "b1", "s1", status, T0)
                                .setCategory("home & garden")
                                .build()),
                null);
    }

    private static boolean test(String text, StreamType stream, EnrichedEvent e) {
        return Conditions.parse(text, stream).test(e);
    }

    @ParameterizedTest(name = "{0} on a 2-star review is {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "rating == 2 | true",
                "rating == 3 | false",
                "rating != 2 | false",
                "rating != 5 | true",
                "rating < 2 | false",
                "rating < 3 | true",
                "rating <= 2 | true",
                "rating <= 1 | false",
                "rating > 1 | true",
                "rating > 2 | false",
                "rating >= 2 | true",
                "rating >= 3 | false",
                "rating in [1, 2] | true",
                "rating in [4,5] | false",
                "rating not in [1, 2] | false",
                "rating not in [5] | true",
                "rating<=2 | true",
                "shop_id == s1 | true",
                "shop_id == 's1' | true",
                "shop_id == \"s2\" | false",
                "shop_id in [s0, 's1'] | true",
                "shop_id not in [s0, s1] | false",
                "order.shop_id == s1 | true",
                "order.amount >= 9900 | true",
                "order.quantity > 2 | false",
                "order.paid_at is null | true",
                "order.paid_at is not null | false",
                "order.created_at is not null | true",
                "device_id is not null | true",
                "event_time - order.created_at < 1h | true",
                "event_time - order.created_at <= 30m | true",
                "event_time - order.created_at < PT30M | false",
                "event_time - order.created_at > 29m | true",
                "event_time - order.created_at >= PT1H | false",
                "event_time - order.buyer_registered_at < 3d | true",
            })
    void shouldEvaluateEachOperatorOnAReview(String text, boolean expected) {
        assertThat(test(text, REVIEWS, review(2))).isEqualTo(expected);
    }

    @Test
    void shouldCompareEnumValuesOfEachStream() {
        assertThat(test("status == PAID", ORDERS, order(OrderStatus.PAID))).isTrue();
        assertThat(test("status != PAID", ORDERS, order(OrderStatus.PAID))).isFalse();
        assertThat(test("status in [CREATED, PAID]", ORDERS, order(OrderStatus.PAID))).isTrue();
        assertThat(test("status not in [CREATED, PAID]", ORDERS, order(OrderStatus.SHIPPED)))
                .isTrue();
        assertThat(test("category == 'home & garden'", ORDERS, order(OrderStatus.PAID))).isTrue();
        EnrichedEvent refund =
                new EnrichedEvent(payment("p1", "o1", "payer-1", PaymentStatus.REFUNDED, T0), null);
        assertThat(test("status == REFUNDED", PAYMENTS, refund)).isTrue();
        assertThat(test("amount > 10000", PAYMENTS, refund)).isFalse();
        EnrichedEvent pickup = new EnrichedEvent(scan("w1", "o1", ScanType.PICKED_UP, T0), null);
        assertThat(test("scan == PICKED_UP", LOGISTICS, pickup)).isTrue();
        assertThat(test("weight_grams < 50", LOGISTICS, pickup)).isFalse();
        assertThat(test("weight_grams >= 800", LOGISTICS, pickup)).isTrue();
    }

    @Test
    void shouldFailEveryComparisonButIsNullOnAMissingValue() {
        EnrichedEvent signed = new EnrichedEvent(scan("w1", "o1", ScanType.SIGNED, T0), null);
        // a scan other than the pickup has no weight; the event has no order story at all
        for (String text :
                List.of(
                        "weight_grams < 50",
                        "weight_grams >= 50",
                        "weight_grams == 0",
                        "weight_grams != 0",
                        "weight_grams in [0]",
                        "weight_grams not in [0]",
                        "order.shop_id == s1",
                        "order.shop_id != s1",
                        "event_time - order.created_at < 1h",
                        "event_time - order.created_at >= 1h",
                        "weight_grams is not null")) {
            assertThat(test(text, LOGISTICS, signed)).as(text).isFalse();
        }
        assertThat(test("weight_grams is null", LOGISTICS, signed)).isTrue();
        assertThat(test("order.rating is null", LOGISTICS, signed)).isTrue();
        // a story without a review has no rating, whichever way it is compared
        assertThat(test("order.rating < 3", REVIEWS, review(2))).isFalse();
        assertThat(test("order.rating >= 3", REVIEWS, review(2))).isFalse();
    }

    @Test
    void shouldKeepTheTrimmedTextAndTypedValues() {
        Condition c = Conditions.parse("  event_time - order.created_at < 60m ", REVIEWS);
        assertThat(c.text()).isEqualTo("event_time - order.created_at < 60m");
        assertThat(c.left()).isEqualTo(Field.REVIEWS_EVENT_TIME);
        assertThat(c.minus()).isEqualTo(Field.ORDER_CREATED_AT);
        assertThat(c.op()).isEqualTo(Op.LT);
        assertThat(c.values()).containsExactly(3_600_000L);

        Condition in = Conditions.parse("status not in [PAID, 'SHIPPED']", ORDERS);
        assertThat(in.op()).isEqualTo(Op.NOT_IN);
        assertThat(in.values()).containsExactly("PAID", "SHIPPED");
        assertThat(Conditions.parse("rating >= 4", REVIEWS).values()).containsExactly(4L);
        assertThat(Conditions.parse("order.paid_at is null", ORDERS).values()).isEmpty();
        assertThat(Conditions.parse("text_hash == \"a, b\"", REVIEWS).values())
                .containsExactly("a, b");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments(
                        "ratng <= 2",
                        REVIEWS,
                        "unknown field 'ratng' on reviews; known: "
                                + String.join(", ", Field.names(REVIEWS))),
                arguments(
                        "order.paid < 2",
                        ORDERS,
                        "unknown field 'order.paid' on orders; known: "
                                + String.join(", ", Field.names(ORDERS))),
                arguments(
                        "event_time - order.paid <= 1h",
                        ORDERS,
                        "unknown field 'order.paid' on orders; known: "
                                + String.join(", ", Field.names(ORDERS))),
                arguments("rating <= high", REVIEWS, "'rating <= high': expected a whole number"),
                arguments("rating == 4.5", REVIEWS, "'rating == 4.5': expected a whole number"),
                arguments(
                        "rating in [4, five]",
                        REVIEWS,
                        "'rating in [4, five]': expected a whole number"),
                arguments(
                        "status == DONE",
                        ORDERS,
                        "status: unknown value 'DONE'; allowed: CREATED, PAID, SHIPPED,"
                                + " COMPLETED, CANCELLED, REFUNDED"),
                arguments(
                        "scan in [PICKED_UP, picked_up]",
                        LOGISTICS,
                        "scan: unknown value 'picked_up'; allowed: CREATED, PICKED_UP,"
                                + " IN_TRANSIT, OUT_FOR_DELIVERY, SIGNED, RETURNED"),
                arguments(
                        "shop_id < s1",
                        REVIEWS,
                        "'<' does not apply to text field shop_id; use ==, !=, in or not in"),
                arguments(
                        "status >= PAID",
                        ORDERS,
                        "'>=' does not apply to enum field status; use ==, !=, in or not in"),
                arguments(
                        "event_time < 2026",
                        REVIEWS,
                        "'<' does not apply to time field event_time; compare the difference of"
                                + " two times with a duration (event_time - order.created_at"
                                + " < 1h), or use is null / is not null"),
                arguments(
                        "order.paid_at == 0",
                        REVIEWS,
                        "'==' does not apply to time field order.paid_at; compare the difference"
                                + " of two times with a duration (event_time - order.created_at"
                                + " < 1h), or use is null / is not null"),
                arguments(
                        "event_time - rating < 1h",
                        REVIEWS,
                        "'event_time - rating < 1h': only times can be subtracted; rating is a"
                                + " number field"),
                arguments(
                        "event_time - order.created_at == 1h",
                        REVIEWS,
                        "'event_time - order.created_at == 1h': a difference of two times is"
                                + " compared with a duration by <, <=, > or >=, not '=='"),
                arguments(
                        "event_time - order.created_at is null",
                        REVIEWS,
                        "'event_time - order.created_at is null': a difference of two times is"
                                + " compared with a duration by <, <=, > or >=, not 'is null'"),
                arguments(
                        "event_time - order.created_at < 60",
                        REVIEWS,
                        "'event_time - order.created_at < 60': expected a duration, such as 60m"
                                + " or PT1H, got '60'"),
                arguments(
                        "event_time - order.created_at <",
                        REVIEWS,
                        "'event_time - order.created_at <': expected a duration after '<', such"
                                + " as 60m or PT1H"),
                arguments(
                        "rating",
                        REVIEWS,
                        "'rating': expected an operator after 'rating': ==, !=, <, <=, >, >=, in,"
                                + " not in, is null, is not null"),
                arguments(
                        "rating = 2",
                        REVIEWS,
                        "'rating = 2': expected an operator after 'rating': ==, !=, <, <=, >, >=,"
                                + " in, not in, is null, is not null; got '='"),
                arguments(
                        "rating is 2",
                        REVIEWS,
                        "'rating is 2': expected an operator after 'rating': ==, !=, <, <=, >,"
                                + " >=, in, not in, is null, is not null; got 'is'"),
                arguments("rating <=", REVIEWS, "'rating <=': expected a whole number after '<='"),
                arguments(
                        "status ==",
                        ORDERS,
                        "'status ==': expected one of CREATED, PAID, SHIPPED, COMPLETED,"
                                + " CANCELLED, REFUNDED after '=='"),
                arguments(
                        "rating in 1",
                        REVIEWS,
                        "'rating in 1': expected a list after 'in', such as [1, 2]"),
                arguments(
                        "status not in PAID",
                        ORDERS,
                        "'status not in PAID': expected a list after 'not in', such as [CREATED,"
                                + " PAID]"),
                arguments(
                        "rating in []",
                        REVIEWS,
                        "'rating in []': the list after 'in' needs at least one value"),
                arguments(
                        "rating in [1,,2]",
                        REVIEWS,
                        "'rating in [1,,2]': an empty item in the list"),
                arguments("shop_id in ['s1]", REVIEWS, "'shop_id in ['s1]': a quote is not closed"),
                arguments(
                        "rating == [1, 2]",
                        REVIEWS,
                        "'rating == [1, 2]': '==' compares with one value, not a list; use in or"
                                + " not in"),
                arguments(
                        "method == credit card",
                        PAYMENTS,
                        "'method == credit card': expected one value, got 'credit card'; quote"
                                + " text with spaces or commas ('like this')"),
                arguments(
                        "device_id is null now",
                        REVIEWS,
                        "'device_id is null now': nothing may follow 'is null'"),
                arguments(
                        "  ",
                        REVIEWS,
                        "an empty condition; write <field> <op> <value>, such as rating <= 2"),
                arguments(
                        "<= 2",
                        REVIEWS,
                        "'<= 2': expected a field name first, such as rating <= 2 or event_time -"
                                + " order.created_at < 1h"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refused")
    void shouldRefuseWithAReason(String text, StreamType stream, String reason) {
        assertThatThrownBy(() -> Conditions.parse(text, stream))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @Test
    void shouldReadOrderStoryFieldsOnEveryStream() {
        for (StreamType stream : StreamType.values()) {
            assertThat(Conditions.parse("order.buyer_id == b1", stream).left())
                    .isEqualTo(Field.ORDER_BUYER_ID);
        }
        // a word operator is not the start of a longer word
        assertThatThrownBy(() -> Conditions.parse("rating inside [1]", REVIEWS))
                .hasMessageContaining("expected an operator");
    }
}
