package io.brushguard.patterns.brushing;

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

    public static BrushingRules defaults() {
        return new BrushingRules(
                OrderConcentrationRule.defaults(),
                SharedIdentityRingRule.defaults(),
                NewAccountFastFiveStarRule.defaults(),
                NewAccountFastFiveStarRule.perBuyerDefaults(),
                PayerForManyBuyersRule.defaults(),
                FastConfirmRule.defaults(),
                CashBackRefundRule.defaults(),
                DuplicateReviewTextRule.defaults());
    }
}
