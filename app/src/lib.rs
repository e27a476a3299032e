//! Rondetafel: local-first, peer-to-peer alliances for the Dutch social
//! domain.
//!
//! - [`model`]: the alliance document and its rules (pure, no I/O).
//! - [`local`]: this device: data directory, lock, identity, profile, and
//!   the alliances stored on disk.
//! - [`network`]: who may sync an alliance, invitation tickets, peer status.
//! - [`diagnostics`]: the log file and the `doctor` checks.
//! - [`snapshot`]: ratification snapshots: exports for the partners' boards,
//!   what changed between versions, and verification of an export.
//! - [`archive`]: the archive package of a snapshot (MDTO metadata) and
//!   its verification without a replica.
//! - [`cli`]: the `rondetafel` command line, thin over the same services the
//!   desktop client uses.
//! - `gui` (feature `gui`, on by default): the desktop client, what
//!   `rondetafel` opens without a command.

#![cfg_attr(test, allow(clippy::expect_used, clippy::unwrap_used))]

pub mod archive;
pub mod cli;
pub mod diagnostics;
#[cfg(feature = "gui")]
pub mod gui;
pub mod local;
pub mod model;
pub mod network;
pub mod snapshot;
