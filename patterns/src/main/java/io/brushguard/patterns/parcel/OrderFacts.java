package io.brushguard.patterns.parcel;

/** The order-side facts a parcel detector needs to name its subject. A Flink POJO. */
public class OrderFacts {
    public String shopId;
    public String buyerId;
    public String category;
    public long createdAt;

    public OrderFacts() {}
}
