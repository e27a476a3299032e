//! The real window: `rondetafel gui` on a virtual X display (Xvfb), as a
//! person would start it. One test waits for the window's node to be up,
//! takes a screenshot and checks that something was drawn; another reads the
//! accessibility tree through AT-SPI, as a screen reader does. Skipped, with
//! the reason printed, where the programs they need are missing (CI installs
//! them).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{Device, binary, last_word};
use rondetafel::network::PeerBook;

/// One real window at a time: two software-rendered windows starting at
/// once on a two-core machine starve each other's first start.
static ONE_WINDOW: Mutex<()> = Mutex::new(());

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Stops the child on drop: asks it to terminate (Xvfb then removes its
/// socket and lock, which a kill would leave behind, so that later runs
/// find the number free), and kills it if it has not gone within five
/// seconds.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on the first free display number from 90 (a number whose
/// socket or lock file exists is taken).
fn start_xvfb() -> (Running, String) {
    for number in 90..160 {
        let taken = [
            format!("/tmp/.X11-unix/X{number}"),
            format!("/tmp/.X{number}-lock"),
        ];
        if taken.iter().any(|path| std::path::Path::new(path).exists()) {
            continue;
        }
        let display = format!(":{number}");
        let mut child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                // Another server took the number first.
                break;
            }
            if std::path::Path::new(&taken[0]).exists() {
                // A server that made its socket and then died (the number
                // was in use after all) is no display, and neither is one
                // another test started on the same number at the same
                // moment: the lock names the server that owns it.
                std::thread::sleep(Duration::from_millis(300));
                let owner = std::fs::read_to_string(&taken[1])
                    .ok()
                    .and_then(|pid| pid.trim().parse::<u32>().ok());
                if let Ok(None) = child.try_wait()
                    && owner == Some(child.id())
                {
                    return (Running(child), display);
                }
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("no free X display number");
}

#[test]
fn the_window_opens_and_draws_the_first_run_screen() {
    if !have("Xvfb") || !have("import") {
        eprintln!("skipped: needs Xvfb and ImageMagick's import (CI installs them)");
        return;
    }
    let _one = ONE_WINDOW.lock().unwrap_or_else(|e| e.into_inner());
    let device = Device::new();
    let (_xvfb, display) = start_xvfb();
    let runtime_dir = tempfile::tempdir().expect("runtime dir");
    let window = Command::new(binary())
        .arg("--data-dir")
        .arg(&device.dir)
        .args(["gui", "--no-mdns", "--listen", "/ip4/127.0.0.1/tcp/0"])
        .env("DISPLAY", &display)
        .env("XDG_RUNTIME_DIR", runtime_dir.path())
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the window");
    let mut window = Running(window);
    let pid = window.0.id();

    // The background service writes the peer book once its node is up.
    let deadline = Instant::now() + Duration::from_secs(60);
    while PeerBook::load(&device.dir).pid != Some(pid) {
        if let Ok(Some(status)) = window.0.try_wait() {
            let mut stderr = String::new();
            use std::io::Read;
            if let Some(mut pipe) = window.0.stderr.take() {
                let _ = pipe.read_to_string(&mut stderr);
            }
            panic!("the window exited with {status}: {stderr}");
        }
        assert!(Instant::now() < deadline, "the window's node did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        window.0.try_wait().expect("poll").is_none(),
        "the window is still open"
    );

    let shot = tempfile::Builder::new()
        .suffix(".png")
        .tempfile()
        .expect("temp file");
    let status = Command::new("import")
        .args(["-display", &display, "-window", "root"])
        .arg(shot.path())
        .status()
        .expect("run import");
    assert!(status.success(), "screenshot taken");
    let colours = Command::new("identify")
        .args(["-format", "%k"])
        .arg(shot.path())
        .output()
        .expect("run identify");
    let colours: u32 = String::from_utf8_lossy(&colours.stdout)
        .trim()
        .parse()
        .expect("a colour count");
    assert!(
        colours > 16,
        "the screen shows drawn text, not a blank window ({colours} colours)"
    );
}

/// Whether Debian's Python has the AT-SPI bindings (python3-pyatspi).
fn have_pyatspi() -> bool {
    Command::new("/usr/bin/python3")
        .args(["-c", "import pyatspi"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_screen_reader_finds_every_section_named_in_dutch() {
    if !have("Xvfb") || !have("dbus-run-session") || !have("gdbus") || !have_pyatspi() {
        eprintln!(
            "skipped: needs Xvfb, dbus-run-session, gdbus, at-spi2-core and python3-pyatspi (CI installs them)"
        );
        return;
    }
    let _one = ONE_WINDOW.lock().unwrap_or_else(|e| e.into_inner());
    let device = Device::with_org("Gemeente Hillegom", "gemeente");
    let alliance = last_word(&device.ok(&["alliance", "create", "Hillegom Samen"]));
    device.ok(&[
        "ambition",
        "set",
        &alliance,
        "--text",
        "Eén gezin, één plan.",
    ]);
    device.ok(&["interest", "add", &alliance, "--text", "Minder wachttijd"]);
    device.ok(&[
        "agreement",
        "add",
        &alliance,
        "--title",
        "Eén wijkteam per wijk",
        "--body",
        "Elke wijk krijgt één team.",
    ]);
    device.ok(&[
        "coursecheck",
        "open",
        &alliance,
        "--closes",
        &common::days_from_today(14),
    ]);
    device.ok(&[
        "input",
        "add",
        &alliance,
        "--kind",
        "idea",
        "--text",
        "Buurtkamer op zaterdag",
        "--role",
        "professional",
        "--role-only",
    ]);
    let (_xvfb, display) = start_xvfb();
    let runtime_dir = tempfile::tempdir().expect("runtime dir");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/atspi/check_tree.py");
    // The accessibility bus is off until something asks for it, as a
    // screen reader does when it starts.
    let enable = "gdbus call --session --dest org.a11y.Bus --object-path /org/a11y/bus \
        --method org.freedesktop.DBus.Properties.Set org.a11y.Status IsEnabled '<true>' >/dev/null \
        && exec /usr/bin/python3 \"$0\" \"$@\"";
    let output = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", enable, script, binary()])
        .arg(&device.dir)
        .arg("Hillegom Samen")
        .env("DISPLAY", &display)
        .env("XDG_RUNTIME_DIR", runtime_dir.path())
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run the AT-SPI check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Vaststelling:"), "{stdout}");
    assert!(
        stdout.contains("Koerscheck:") && stdout.contains("Inbreng:"),
        "{stdout}"
    );
}
