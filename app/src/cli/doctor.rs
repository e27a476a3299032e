//! `doctor`: whether this device can work, one line per check with what to
//! do when one fails (see [`crate::diagnostics::doctor`]).

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use clap::Args;
use serde_json::json;

use super::output::print_json;
use crate::diagnostics::doctor::{self, DoctorOptions, Status};
use crate::diagnostics::doctor_words::{Words, mark, said};
use crate::diagnostics::logs::log_path;

/// Arguments of `doctor`.
#[derive(Debug, Args)]
pub(super) struct DoctorArgs {
    /// Also try this partner address (repeatable).
    #[arg(long = "peer", value_name = "MULTIADDR")]
    peers: Vec<String>,
    /// Seconds to wait for each partner address.
    #[arg(long, value_name = "SECS", default_value_t = 3)]
    timeout: u64,
    /// Print a stable, machine-readable report.
    #[arg(long)]
    json: bool,
}

/// Runs every check on `dir` and prints the report. Exits non-zero when a
/// check failed (warnings do not).
pub(super) fn run(dir: &Path, args: DoctorArgs) -> Result<()> {
    let options = DoctorOptions {
        peers: args.peers,
        peer_timeout: Duration::from_secs(args.timeout.max(1)),
    };
    let checks = doctor::run(dir, &options);
    let failed = checks.iter().any(|c| c.status == Status::Failed);
    if args.json {
        let lines: Vec<serde_json::Value> = checks
            .iter()
            .map(|c| {
                let words = said(c, Words::English);
                let mut value = serde_json::to_value(c).unwrap_or_default();
                value["summary"] = json!(words.found);
                value["fix"] = json!(words.fix);
                value
            })
            .collect();
        print_json(&json!({
            "ok": !failed,
            "version": env!("CARGO_PKG_VERSION"),
            "data_dir": dir.display().to_string(),
            "log": log_path(dir).display().to_string(),
            "checks": lines,
        }))?;
    } else {
        // Written, not printed: a reader that closes early (`| head`) ends
        // the report, not the program with a panic.
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "Rondetafel {} — {}",
            env!("CARGO_PKG_VERSION"),
            dir.display()
        )?;
        for c in &checks {
            let words = said(c, Words::English);
            writeln!(out, "{} {:<15} {}", mark(c.status), words.name, words.found)?;
            if let Some(fix) = words.fix {
                writeln!(out, "        → {fix}")?;
            }
        }
        writeln!(out, "Log: {}", log_path(dir).display())?;
    }
    if failed {
        anyhow::bail!("a check failed; see above for what to do");
    }
    Ok(())
}
