//! The `rondetafel` program.

use std::process::ExitCode;

/// The exit status of a program whose reader went away (128 + SIGPIPE),
/// as other Unix tools end in a pipeline such as `rondetafel … | head`.
const READER_GONE: i32 = 141;

fn main() -> ExitCode {
    end_quietly_when_the_reader_goes();
    match rondetafel::cli::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Rust ignores SIGPIPE, so printing to a pipe whose reader closed panics
/// ("failed printing to stdout: Broken pipe"). End quietly instead, with
/// the status a pipeline expects. Nothing is lost: a command saves durably
/// before it prints what it did.
fn end_quietly_when_the_reader_goes() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let reader_gone = info
            .payload_as_str()
            .is_some_and(|m| m.starts_with("failed printing to std") && m.contains("Broken pipe"));
        if reader_gone {
            std::process::exit(READER_GONE);
        }
        default(info);
    }));
}
