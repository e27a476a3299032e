//! Effect monitoring: indicators on the intended effects, their
//! measurements, and a catalogue of common indicators of the social domain.
//! Aggregates only: a figure that looks like a citizen service number is
//! refused.
//!
//! - [`period`]: the period a figure is about;
//! - [`values`]: figures as people type them, checked against their unit;
//! - [`indicator`]: adding and editing indicators;
//! - [`measurement`]: recording figures;
//! - [`view`]: the current figure per period, the standing against the
//!   target, the trend;
//! - [`catalogue`]: indicators to pick from;
//! - [`import`]: importing figures from CSV, all rows or none.

pub mod catalogue;
pub mod import;
pub mod indicator;
pub mod kinds;
pub mod measurement;
pub mod period;
pub mod values;
pub mod view;
