//! The `rondetafel` program.

use std::process::ExitCode;

fn main() -> ExitCode {
    match rondetafel::cli::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
