//! Fuzz target `ticket`; its body is in `harness.rs`.

#![no_main]

#[allow(dead_code)]
#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::ticket(data));
