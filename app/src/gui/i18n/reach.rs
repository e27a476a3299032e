//! The strings about reaching partners beyond the local network: published
//! addresses ("bereikbaar via") and how each partner is connected, Dutch
//! and English side by side.

use super::{NL, Texts};

texts! {
    /// The user-visible strings about reach in one language.
    ReachTexts, REACH_NL, REACH_EN {
    reachable_at: "Bereikbaar via", "Reachable at";
    reachable_hint: "Heeft uw organisatie een apparaat dat altijd aan staat en van buiten bereikbaar is (een vast adres of een doorgezette poort)? Zet het adres hier; elke partner leert het bij de eerstvolgende uitwisseling en kan u dan ook vanaf het eigen kantoor bereiken, via dat apparaat als doorgeefluik.", "Does your organisation have a device that is always on and reachable from outside (a fixed address or a forwarded port)? Put its address here; every partner learns it at the next exchange and can then reach you from its own office too, with that device passing the connection on.";
    address_label: "Adres (bijvoorbeeld /ip4/203.0.113.7/tcp/4001)", "Address (for example /ip4/203.0.113.7/tcp/4001)";
    publish: "Adres bekendmaken", "Publish address";
    withdraw: "Intrekken", "Withdraw";
    published: "Adres bekendgemaakt: {}", "Address published: {}";
    withdrawn: "Adres ingetrokken: {}", "Address withdrawn: {}";
    direct: "direct verbonden", "connected directly";
    relayed: "verbonden via {}", "connected through {}";
    offline: "niet verbonden", "not connected";
    refused_malformed: "{} is geen netwerkadres. Schrijf het bijvoorbeeld als /ip4/203.0.113.7/tcp/4001.", "{} is not a network address. Write it as, for example, /ip4/203.0.113.7/tcp/4001.";
    refused_circuit: "{} loopt via een doorgeefluik. Maak het adres van het apparaat zelf bekend.", "{} goes through a relay. Publish the address of the device itself.";
    refused_not_own_device: "{} hoort niet bij een apparaat van uw eigen organisatie.", "{} does not belong to a device of your own organisation.";
    }
}

impl Texts {
    /// The strings about reach in this language.
    pub fn reach(&self) -> &'static ReachTexts {
        if std::ptr::eq(self, &NL) {
            &REACH_NL
        } else {
            &REACH_EN
        }
    }
}
