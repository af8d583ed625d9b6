package io.brushguard.patterns.brushing;

import io.brushguard.avro.Direction;
import io.brushguard.avro.Severity;
import io.brushguard.patterns.common.RuleMeta;
import io.brushguard.patterns.model.AlertKind;

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
        for (int n :
                new int[] {
                    minBuyersPerDevice, minBuyersPerPayer, minBuyersPerIp, minBuyersPerAddress
                }) {
            if (n < 2) {
                throw new IllegalArgumentException("minimum buyers must be >= 2, got " + n);
            }
        }
        int largest =
                Math.max(
                        Math.max(minBuyersPerDevice, minBuyersPerPayer),
                        Math.max(minBuyersPerIp, minBuyersPerAddress));
        if (maxRefsPerIdentifier < largest) {
            throw new IllegalArgumentException(
                    "maxRefsPerIdentifier must be >= every minimum, got " + maxRefsPerIdentifier);
        }
    }

    /** The shipped default: 3 buyers per device, payer or IP, 4 per address, within 7 days. */
    public static SharedIdentityRingRule defaults() {
        return new SharedIdentityRingRule(
                new RuleMeta(
                        "brushing.shared-identity-ring",
                        1,
                        AlertKind.BRUSHING,
                        Direction.INFLATE,
                        Severity.HIGH),
                Duration.ofDays(7),
                3,
                3,
                3,
                4,
                64);
    }
}
