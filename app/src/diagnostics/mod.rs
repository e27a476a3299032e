//! What this device is doing and whether it can work: the log file
//! ([`logs`]) and the `doctor` checks ([`doctor`], the network ones in
//! `network`, in words by [`doctor_words`]), shared by the command line and
//! the window.

pub mod doctor;
pub mod doctor_words;
pub mod logs;
mod network;
