package io.brushguard.jobs.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * An account that buys (and pays and reviews): when it was registered, where it lives, which
 * devices, addresses and networks it uses, and its habits.
 */
final class Buyer {

    final String id;
    final long registeredAt;
    final String city;

    /** Shipping addresses, the first being home (shared with the household, if any). */
    final List<String> addresses = new ArrayList<>();

    /** Device fingerprints, the first being the main phone. */
    final List<String> devices = new ArrayList<>();

    String homeIp;

    /** Null for buyers without an office network. */
    String officeIp;

    /** Relative order frequency (heavy-tailed: a few buyers order a lot). */
    double activity = 1;

    /** wallet, card or bank_transfer. */
    String paymentMethod = "wallet";

    /** Relative likelihood of writing a review (1 = average). */
    double reviewPropensity = 1;

    /** Harsh reviewers give a star less now and then. */
    boolean harsh;

    /** The other members of this buyer's household (empty if none). */
    final List<Buyer> household = new ArrayList<>();

    Buyer(String id, long registeredAt, String city) {
        this.id = id;
        this.registeredAt = registeredAt;
        this.city = city;
    }

    String homeAddress() {
        return addresses.get(0);
    }
}
