//! The strings about reaching partners beyond the local network: published
//! addresses ("bereikbaar via") and how each partner is connected, Dutch
//! and English side by side.

use super::{NL, Texts};

texts! {
    /// The user-visible strings about reach in one language.
    ReachTexts, REACH_NL, REACH_EN {
    reachable_at: "Bereikbaar via", "Reachable at";
    reachable_hint: "Heeft uw organisatie een computer die altijd aan staat en van buitenaf bereikbaar is (met een vast internetadres, of een poort die in de router is opengezet)? Maak het adres hier bekend. Elke partner krijgt het de volgende keer dat de gegevens worden bijgewerkt. Daarna kunnen de partners elkaar ook vanuit hun eigen kantoor bereiken: die computer geeft de verbinding door, zonder de inhoud te kunnen lezen. Uw beheerder weet het adres.", "Does your organisation have a computer that is always on and reachable from outside (with a fixed internet address, or a port opened in the router)? Publish its address here. Every partner receives it the next time the data is brought up to date. From then on the partners can also reach each other from their own offices: that computer passes the connection on, without being able to read its content. Your IT administrator knows the address.";
    field_address: "Het adres", "The address";
    none_published: "Uw organisatie heeft nog geen adres bekendgemaakt.", "Your organisation has not published an address yet.";
    already_published: "Dit adres was al bekendgemaakt: {}", "This address was published already: {}";
    address_label: "Adres (bijvoorbeeld /ip4/203.0.113.7/tcp/4001)", "Address (for example /ip4/203.0.113.7/tcp/4001)";
    publish: "Adres bekendmaken", "Publish address";
    withdraw: "Intrekken", "Withdraw";
    published: "Adres bekendgemaakt: {}", "Address published: {}";
    withdrawn: "Adres ingetrokken: {}", "Address withdrawn: {}";
    direct: "· direct verbonden", "· connected directly";
    relayed: "· verbonden via {}", "· connected through {}";
    offline: "niet verbonden", "not connected";
    refused_malformed: "‘{}’ is geen netwerkadres. Schrijf het bijvoorbeeld als /ip4/203.0.113.7/tcp/4001.", "‘{}’ is not a network address. Write it as, for example, /ip4/203.0.113.7/tcp/4001.";
    refused_circuit: "‘{}’ loopt via een doorgeefluik. Maak het adres van het apparaat zelf bekend.", "‘{}’ goes through a relay. Publish the address of the device itself.";
    refused_not_own_device: "‘{}’ hoort niet bij een apparaat van uw eigen organisatie.", "‘{}’ does not belong to a device of your own organisation.";
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
