package io.brushguard.patterns.brushing;

import io.brushguard.patterns.DetectionRules;
import io.brushguard.patterns.common.RuleMeta;

import java.io.Serializable;
import java.time.Duration;

/**
 * A ring of buyer accounts behind one identity, per shop: within {@code window}, at least the given
 * number of distinct buyers of the shop placed orders from one device, had them paid by one payer
 * account (not their own), came from one IP, or shipped to one address.
 *
 * <p>One device or one payer behind {@code minBuyersPerDevice} / {@code minBuyersPerPayer} buyers
 * who ship to different addresses is conclusive. The same behind buyers who all ship to one address
 * looks like a family, and one IP is shared by offices and carrier NAT, so those are weak signals;
 * a shared address alone is a family and needs {@code minBuyersPerAddress} buyers even for a weak
 * signal. {@code maxRefsPerIdentifier} bounds what is kept per identifier.
 */
public record SharedIdentityRingRule(
        RuleMeta meta,
        Duration window,
        int minBuyersPerDevice,
        int minBuyersPerPayer,
        int minBuyersPerIp,
        int minBuyersPerAddress,
        int maxRefsPerIdentifier)
        implements Serializable {

    public SharedIdentityRingRule {
        NewAccountFastFiveStarRule.requirePositive(window, "window");
        requireAtLeastTwo(minBuyersPerDevice, "minBuyersPerDevice");
        requireAtLeastTwo(minBuyersPerPayer, "minBuyersPerPayer");
        requireAtLeastTwo(minBuyersPerIp, "minBuyersPerIp");
        requireAtLeastTwo(minBuyersPerAddress, "minBuyersPerAddress");
        int largest =
                Math.max(
                        Math.max(minBuyersPerDevice, minBuyersPerPayer),
                        Math.max(minBuyersPerIp, minBuyersPerAddress));
        if (maxRefsPerIdentifier < largest) {
            throw new IllegalArgumentException(
                    "maxRefsPerIdentifier must be >= every minimum, got " + maxRefsPerIdentifier);
        }
    }

    private static void requireAtLeastTwo(int buyers, String name) {
        if (buyers < 2) {
            throw new IllegalArgumentException(name + " must be >= 2, got " + buyers);
        }
    }

    /** The shipped definition: {@code patterns/brushing.shared-identity-ring.yaml}. */
    public static SharedIdentityRingRule defaults() {
        return DetectionRules.defaults().brushing().sharedIdentityRing();
    }
}
