package io.brushguard.patterns.brushing;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * One payer funding many buyers: a payment account pays ({@code PAID}) the orders of at least
 * {@code minBuyers} distinct buyers other than itself within {@code window}. When at least {@code
 * concentratedOrders} of those orders are at one shop, the payer is funding that shop's brushing
 * and the alert is conclusive; spread over many shops it is a weak signal (a company buying for its
 * staff looks like that).
 */
public record PayerForManyBuyersRule(
        RuleMeta meta, Duration window, int minBuyers, int concentratedOrders)
        implements Serializable {

    public PayerForManyBuyersRule {
        NewAccountFastFiveStarRule.requirePositive(window, "window");
        if (minBuyers < 2) {
            throw new IllegalArgumentException("minBuyers must be >= 2, got " + minBuyers);
        }
        if (concentratedOrders < 2) {
            throw new IllegalArgumentException(
                    "concentratedOrders must be >= 2, got " + concentratedOrders);
        }
    }

    /** The shipped definition: {@code patterns/brushing.payer-for-many-buyers.yaml}. */
    public static PayerForManyBuyersRule defaults() {
        return DetectionRules.defaults().brushing().payerForManyBuyers();
    }
}
