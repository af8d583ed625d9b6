package io.brushguard.patterns.brushing;

import io.brushguard.patterns.DetectionRules;

import java.io.Serializable;

/** The brushing (fake transaction, 增信) pattern definitions and their parameters. */
public record BrushingRules(
        OrderConcentrationRule orderConcentration,
        SharedIdentityRingRule sharedIdentityRing,
        NewAccountFastFiveStarRule newAccountFastFiveStar,
        NewAccountFastFiveStarRule hiredBrusher,
        PayerForManyBuyersRule payerForManyBuyers,
        FastConfirmRule fastConfirm,
        CashBackRefundRule cashBackRefund,
        DuplicateReviewTextRule duplicateReviewText)
        implements Serializable {

    /** The shipped definitions of the family ({@code patterns/*.yaml}). */
    public static BrushingRules defaults() {
        return DetectionRules.defaults().brushing();
    }
}
