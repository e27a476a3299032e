//! What each `doctor` finding says, and what to do when it is not good, in
//! plain words: English for the command line, Dutch (or English) for the
//! window.

use super::doctor::{Checked, Finding, Status};

/// The language of the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// English (the command line).
    English,
    /// Nederlands (the window's default).
    Dutch,
}

/// A finding in words: the check's name, what was found, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The check's name ("Data directory").
    pub name: &'static str,
    /// What was found, in one line.
    pub found: String,
    /// What to do, when the status is not ok.
    pub fix: Option<String>,
}

impl Words {
    fn pick(self, english: &'static str, dutch: &'static str) -> &'static str {
        match self {
            Words::English => english,
            Words::Dutch => dutch,
        }
    }

    fn say(self, english: String, dutch: String) -> String {
        match self {
            Words::English => english,
            Words::Dutch => dutch,
        }
    }
}

/// The mark at the start of a finding's line on the command line.
pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Ok => "ok     ",
        Status::Warning => "warning",
        Status::Failed => "FAILED ",
        Status::Skipped => "skipped",
    }
}

/// `checked` in `words`.
pub fn said(checked: &Checked, w: Words) -> Said {
    let ok = checked.status == Status::Ok || checked.status == Status::Skipped;
    let (name, found, fix) = match &checked.finding {
        Finding::DataDir { path, error } => (
            w.pick("Data directory", "Gegevensmap"),
            match error {
                None => w.say(
                    format!("{path}: writable, a durable write reads back"),
                    format!("{path}: beschrijfbaar, een duurzaam weggeschreven bestand leest terug"),
                ),
                Some(e) => w.say(format!("{path}: {e}"), format!("{path}: {e}")),
            },
            w.say(
                "Check that the folder exists and that your account may write in it, or start with --data-dir pointing to a folder that does.".into(),
                "Controleer of de map bestaat en of uw account erin mag schrijven, of vraag uw IT-afdeling om hulp.".into(),
            ),
        ),
        Finding::FreeSpace { free_bytes } => (
            w.pick("Free space", "Vrije ruimte"),
            match free_bytes {
                Some(free) => w.say(
                    format!("{} free on the data directory's disk", megabytes(*free)),
                    format!("{} vrij op de schijf van de gegevensmap", megabytes(*free)),
                ),
                None => w.say(
                    "not checked on this platform".into(),
                    "niet gecontroleerd op dit systeem".into(),
                ),
            },
            w.say(
                "Free up space on this disk: with too little, a change cannot be saved.".into(),
                "Maak ruimte vrij op deze schijf: met te weinig ruimte kan een wijziging niet worden bewaard.".into(),
            ),
        ),
        Finding::Lock {
            holder,
            this_process,
            error,
        } => (
            w.pick("Lock", "Vergrendeling"),
            match (holder, this_process, error) {
                (_, _, Some(e)) => e.clone(),
                (Some(_), true, _) => w.say(
                    "held by this program".into(),
                    "in gebruik door dit programma".into(),
                ),
                (Some(pid), false, _) => w.say(
                    format!("held by process {pid} (the window or `serve`); commands that change the data wait for it to close"),
                    format!("in gebruik door proces {pid} (het venster of `serve`)"),
                ),
                (None, _, _) => w.say("free".into(), "vrij".into()),
            },
            w.say(
                "The data directory's lock file cannot be used: check the folder's permissions.".into(),
                "Het vergrendelbestand van de gegevensmap is niet bruikbaar: controleer de rechten op de map.".into(),
            ),
        ),
        Finding::DeviceKey {
            peer_id,
            readable_by_others,
            error,
            missing,
        } => (
            w.pick("Device key", "Apparaatsleutel"),
            match (peer_id, error, missing) {
                (_, _, true) => w.say(
                    "none yet: this device is not set up".into(),
                    "nog geen: dit apparaat is nog niet ingesteld".into(),
                ),
                (_, Some(e), _) => e.clone(),
                (Some(id), None, _) if *readable_by_others => w.say(
                    format!("{id}; the key file can be read by other users"),
                    format!("{id}; het sleutelbestand is leesbaar voor andere gebruikers"),
                ),
                (Some(id), None, _) => w.say(
                    format!("{id}, readable only by you"),
                    format!("{id}, alleen door u leesbaar"),
                ),
                (None, None, false) => String::new(),
            },
            match (missing, readable_by_others) {
                (true, _) => w.say(
                    "Set up this device: `rondetafel init --org NAME --kind KIND`, or open the window.".into(),
                    "Stel dit apparaat in: open het venster en vul uw organisatie in.".into(),
                ),
                (false, true) => w.say(
                    "Make the key file private: chmod 600 device.key in the data directory.".into(),
                    "Maak het sleutelbestand privé (alleen leesbaar voor uw account); vraag uw IT-afdeling.".into(),
                ),
                (false, false) => w.say(
                    "Restore device.key from a backup; without it this device cannot sign for your organisation. Moving it away makes this a new device that must be invited again.".into(),
                    "Zet device.key terug uit een back-up; zonder die sleutel kan dit apparaat niet namens uw organisatie ondertekenen.".into(),
                ),
            },
        ),
        Finding::Organisation { name } => (
            w.pick("Organisation", "Organisatie"),
            match name {
                Some(n) => w.say(format!("acting for {n}"), format!("werkt namens {n}")),
                None => w.say("not set up yet".into(), "nog niet ingesteld".into()),
            },
            w.say(
                "Set up your organisation: `rondetafel init --org NAME --kind KIND`, or open the window.".into(),
                "Stel uw organisatie in: open het venster en vul de naam in.".into(),
            ),
        ),
        Finding::Alliances {
            loaded,
            changes,
            damaged,
        } => (
            w.pick("Alliances", "Allianties"),
            if damaged.is_empty() {
                w.say(
                    format!("{loaded} load without damage ({changes} changes)"),
                    format!("{loaded} laden zonder schade ({changes} wijzigingen)"),
                )
            } else {
                let list: Vec<String> = damaged.iter().map(|(id, why)| format!("{id}: {why}")).collect();
                w.say(
                    format!("{loaded} load; damaged: {}", list.join("; ")),
                    format!("{loaded} laden; beschadigd: {}", list.join("; ")),
                )
            },
            w.say(
                "Sync with a partner: the damaged part is restored from their copy. The damaged file is kept aside, never deleted.".into(),
                "Wissel uit met een partner: het beschadigde deel komt terug uit hun kopie. Het beschadigde bestand blijft bewaard.".into(),
            ),
        ),
        Finding::Multicast { interfaces, known } => (
            w.pick("Local network", "Lokaal netwerk"),
            if interfaces.is_empty() {
                w.say(
                    "no network interface that can find partners on the local network".into(),
                    "geen netwerkverbinding waarmee partners op het lokale netwerk te vinden zijn".into(),
                )
            } else {
                let how = if *known { "" } else { " (multicast not checked on this platform)" };
                w.say(
                    format!("partners can be found through {}{how}", interfaces.join(", ")),
                    format!("partners zijn te vinden via {}", interfaces.join(", ")),
                )
            },
            w.say(
                "Connect to a network (Wi-Fi or cable). Where the network blocks discovery, connect to a partner by address or invitation.".into(),
                "Maak verbinding met een netwerk (wifi of kabel). Blokkeert het netwerk het zoeken, verbind dan via een adres of uitnodiging.".into(),
            ),
        ),
        Finding::Ports { error, running } => (
            w.pick("Ports", "Poorten"),
            match error {
                Some(e) => e.clone(),
                None if running.is_empty() => w.say(
                    "TCP and UDP ports can be opened".into(),
                    "TCP- en UDP-poorten kunnen worden geopend".into(),
                ),
                None => w.say(
                    format!("a running node listens on {}", running.join(", ")),
                    format!("een draaiend knooppunt luistert op {}", running.join(", ")),
                ),
            },
            w.say(
                "A firewall or security software does not let Rondetafel open a port: ask your IT department to allow it.".into(),
                "Een firewall of beveiligingsprogramma laat Rondetafel geen poort openen: vraag uw IT-afdeling om dat toe te staan.".into(),
            ),
        ),
        Finding::Peers { tried, answered } => (
            w.pick("Partners", "Partners"),
            if tried.is_empty() {
                w.say(
                    "no partner addresses known yet (they are remembered once this device dials one)".into(),
                    "nog geen adressen van partners bekend".into(),
                )
            } else {
                w.say(
                    format!("{} of {} known addresses answer", answered.len(), tried.len()),
                    format!("{} van {} bekende adressen antwoorden", answered.len(), tried.len()),
                )
            },
            w.say(
                "The partners may be offline, or a firewall is in between: you can keep working, and changes are shared when you meet.".into(),
                "De partners zijn mogelijk offline, of er zit een firewall tussen: u kunt doorwerken, wijzigingen worden gedeeld zodra u elkaar treft.".into(),
            ),
        ),
        Finding::Clock {
            now,
            ahead_of_clock,
        } => (
            w.pick("Clock", "Klok"),
            match ahead_of_clock {
                None => readable(now),
                Some(newest) => {
                    let (now, newest) = (readable(now), readable(newest));
                    w.say(
                        format!("{now}, but a change is dated {newest}: this clock is behind"),
                        format!("{now}, maar een wijziging is gedateerd {newest}: deze klok loopt achter"),
                    )
                }
            },
            w.say(
                "Set the date and time (automatically, from the network): invitations expire by this clock.".into(),
                "Zet de datum en tijd goed (automatisch via het netwerk): uitnodigingen verlopen volgens deze klok.".into(),
            ),
        ),
    };
    Said {
        name,
        found,
        fix: (!ok).then_some(fix),
    }
}

/// An RFC 3339 time to the second, in UTC ("2026-12-02 01:45:54 UTC").
fn readable(rfc3339: &str) -> String {
    rfc3339
        .parse::<jiff::Timestamp>()
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|_| rfc3339.to_owned())
}

fn megabytes(bytes: u64) -> String {
    if bytes >= 10 << 30 {
        format!("{} GB", bytes >> 30)
    } else {
        format!("{} MB", bytes >> 20)
    }
}
