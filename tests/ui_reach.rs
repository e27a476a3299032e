//! "Bereikbaar via" in the window: the own organisation publishes the
//! address of an always-on device, an unusable one is refused in Dutch, and
//! the command line reads what the window wrote. And commands run beside
//! the open window: they hand their changes to its node, which shows them.

use super::common::{Device, last_word};
use super::{click, click_when_there, open_window, replace_text, type_into, wait_for_text};

#[test]
fn an_always_on_address_is_published_in_the_window() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    let device = a.json(&["whoami", "--json"])["peer_id"]
        .as_str()
        .expect("peer id")
        .to_owned();
    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Jeugd Noord");
    click(&mut window, "Partners");
    let field = "Adres (bijvoorbeeld /ip4/203.0.113.7/tcp/4001)";
    wait_for_text(
        &mut window,
        "Uw organisatie heeft nog geen adres bekendgemaakt.",
    );
    type_into(&mut window, field, "bij het gemeentehuis");
    click(&mut window, "Adres bekendmaken");
    wait_for_text(&mut window, "‘bij het gemeentehuis’ is geen netwerkadres");
    replace_text(&mut window, field, "/ip4/203.0.113.7/tcp/4001");
    click(&mut window, "Adres bekendmaken");
    wait_for_text(&mut window, "Adres bekendgemaakt");
    let stored = format!("/ip4/203.0.113.7/tcp/4001/p2p/{device}");
    wait_for_text(&mut window, &stored);
    drop(window);

    let listed = a.json(&["reachable", &alliance, "--json"]);
    let addresses = &listed["partners"][0]["addresses"];
    assert_eq!(addresses, &serde_json::json!([stored]), "{listed}");
}

#[test]
fn a_command_beside_the_open_window_is_handed_to_it() {
    let a = Device::with_org("Gemeente Zwolle", "gemeente");
    let alliance = last_word(&a.ok(&["alliance", "create", "Jeugd Noord"]));
    let mut window = open_window(&a.dir, &[]);
    click_when_there(&mut window, "Openen Jeugd Noord");
    click(&mut window, "Afspraken");
    // The window holds the data directory; the command runs beside it.
    a.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Naast het venster gemaakt",
    ]);
    wait_for_text(&mut window, "Naast het venster gemaakt");
    drop(window);
    let list = a.ok(&["agreement", "list", &alliance]);
    assert!(list.contains("Naast het venster gemaakt"), "{list}");
}
