//! Effect monitoring: indicators on the intended effects, their
//! measurements, the interventions partners carry out, and a catalogue of
//! common indicators of the social domain.
//! Aggregates only: a figure that looks like a citizen service number is
//! refused.
//!
//! - [`period`]: the period a figure is about;
//! - [`values`]: figures as people type them, checked against their unit;
//! - [`indicator`]: adding and editing indicators;
//! - [`measurement`]: recording figures;
//! - [`intervention`]: what partners do, with milestones;
//! - [`review`]: the effect conversation per period;
//! - [`view`]: the current figure per period, the standing against the
//!   target, the trend;
//! - [`chart`]: an indicator's line chart, laid out for the window and the
//!   PDF alike;
//! - [`catalogue`]: indicators to pick from;
//! - [`import`]: importing figures from CSV, all rows or none.

pub mod catalogue;
pub mod chart;
pub mod import;
pub mod indicator;
pub mod intervention;
pub mod kinds;
pub mod measurement;
pub mod period;
pub mod review;
pub mod values;
pub mod view;
