package io.brushguard.patterns.common;

import io.brushguard.avro.EntityType;

/**
 * The kinds of personal identifier an alert's evidence may name: the values of {@code
 * Evidence.identifiers}. The regulator feed replaces every identifier registered under one of these
 * types with a keyed pseudonym. Shops and carriers are businesses, named in clear, and have no type
 * here; nor do order, payment, review and waybill ids, or scan locations (city and depot codes, see
 * {@code docs/regulator-feed.md}).
 */
public enum IdentifierType {
    BUYER,
    REVIEWER,
    PAYER,
    DEVICE,
    IP,
    ADDRESS,
    COURIER;

    /**
     * The identifier type of an alert subject, or null for a business (SHOP, CARRIER).
     *
     * @throws IllegalArgumentException for an entity type not classified here yet: a new subject
     *     type must be declared personal or business before any alert names it
     */
    public static IdentifierType of(EntityType subject) {
        if (subject == null) {
            return null;
        }
        switch (subject) {
            case SHOP:
            case CARRIER:
                return null;
            case BUYER:
                return BUYER;
            case REVIEWER:
                return REVIEWER;
            case PAYER:
                return PAYER;
            case DEVICE:
                return DEVICE;
            case COURIER:
                return COURIER;
            default:
                throw new IllegalArgumentException("unclassified entity type " + subject);
        }
    }
}
