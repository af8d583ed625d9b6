package io.brushguard.patterns.brushing;

/** An order as the concentration window keeps it: compact, a Flink POJO. */
public class OrderRef {
    public long at;
    public String orderId;
    public String buyerId;

    public OrderRef() {}

    public OrderRef(long at, String orderId, String buyerId) {
        this.at = at;
        this.orderId = orderId;
        this.buyerId = buyerId;
    }
}
