package io.brushguard.jobs.generator;

/**
 * What the generator remembers about an order it has emitted, so that later steps and injected
 * episodes can refer to it (e.g. a malicious review quoting someone else's completed order). Times
 * are epoch ms, -1 when the step did not (or not yet) happen.
 */
final class OrderRecord {

    final String id;
    final Shop shop;
    final Buyer buyer;
    final Shop.Item item;
    final int quantity;
    final long amount;
    final long createdAt;
    final String deviceId;
    final String ip;
    final String addressId;

    long paidAt = -1;
    long shippedAt = -1;
    long signedAt = -1;
    long completedAt = -1;

    OrderRecord(
            String id,
            Shop shop,
            Buyer buyer,
            Shop.Item item,
            int quantity,
            long amount,
            long createdAt,
            String deviceId,
            String ip,
            String addressId) {
        this.id = id;
        this.shop = shop;
        this.buyer = buyer;
        this.item = item;
        this.quantity = quantity;
        this.amount = amount;
        this.createdAt = createdAt;
        this.deviceId = deviceId;
        this.ip = ip;
        this.addressId = addressId;
    }

    /** City the parcel goes to: the buyer's (a second address is assumed in the same city). */
    String destinationCity() {
        return buyer.city;
    }
}
