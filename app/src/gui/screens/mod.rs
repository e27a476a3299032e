//! The screens of the window, one module each.

mod about;
mod agreements;
mod alliance;
mod ambition;
mod archive;
mod carry;
mod collaboration;
mod coursecheck;
mod effects;
mod erasure;
mod expectations;
mod history;
mod home;
mod indicator_form;
mod indicators;
mod inputs;
mod interests;
mod interventions;
mod meeting;
mod meeting_room;
mod monitoring;
mod outcome;
mod overview;
mod partners;
mod positions;
mod ratification;
mod reachable;
mod reviews;
mod setup;
mod status;

pub(crate) use about::AboutScreen;
pub(crate) use alliance::AllianceScreen;
pub use alliance::Section;
pub(crate) use home::HomeScreen;
pub(crate) use setup::SetupScreen;
pub(crate) use status::status_bar;
