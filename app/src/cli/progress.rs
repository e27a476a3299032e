//! Progress of long work (a sync, an import, an export) on a terminal: one
//! line on standard error with what is being done, a count when there is
//! one, and the seconds so far, redrawn while the work runs and cleared
//! when it ends. Nothing is drawn when standard error is not a terminal or
//! the output is `--json`, so scripts and logs never see it.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A progress line, drawn until dropped.
pub(super) struct Progress {
    shared: Option<Arc<Shared>>,
    ticker: Option<JoinHandle<()>>,
}

struct Shared {
    what: String,
    count: AtomicU64,
    done: AtomicBool,
    started: Instant,
}

impl Progress {
    /// Starts showing `what` ("Rendering the PDF"), unless `json` is set or
    /// standard error is not a terminal.
    pub(super) fn start(what: impl Into<String>, json: bool) -> Progress {
        if json || !std::io::stderr().is_terminal() {
            return Progress {
                shared: None,
                ticker: None,
            };
        }
        let shared = Arc::new(Shared {
            what: what.into(),
            count: AtomicU64::new(0),
            done: AtomicBool::new(false),
            started: Instant::now(),
        });
        let drawing = Arc::clone(&shared);
        let ticker = std::thread::spawn(move || {
            let mut frame = 0usize;
            while !drawing.done.load(Ordering::Acquire) {
                drawing.draw(frame);
                frame += 1;
                std::thread::sleep(Duration::from_millis(150));
            }
        });
        Progress {
            shared: Some(shared),
            ticker: Some(ticker),
        }
    }

    /// Adds `n` to how much is done.
    pub(super) fn add(&self, n: u64) {
        if let Some(shared) = &self.shared {
            shared.count.fetch_add(n, Ordering::AcqRel);
        }
    }
}

impl Shared {
    fn draw(&self, frame: usize) {
        const SPINNER: [char; 4] = ['|', '/', '-', '\\'];
        let amount = match self.count.load(Ordering::Acquire) {
            0 => String::new(),
            n => format!(" {n}"),
        };
        let seconds = self.started.elapsed().as_secs();
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{} {}{amount} ({seconds} s)",
            SPINNER[frame % SPINNER.len()],
            self.what
        );
        let _ = err.flush();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(shared) = &self.shared {
            shared.done.store(true, Ordering::Release);
        }
        if let Some(ticker) = self.ticker.take() {
            let _ = ticker.join();
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
