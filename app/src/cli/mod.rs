//! The `rondetafel` command line: one file per command group, each a thin
//! layer over [`Workspace`](crate::local::Workspace) and the model.
//!
//! Output for people goes to stdout; with `--json` the output is one stable
//! JSON document (see `docs/cli.md`). Errors and warnings go to stderr, and
//! a failed command exits non-zero.

mod agreement;
mod alliance;
mod archive;
mod bundle;
mod content;
mod coursecheck;
mod doctor;
mod erase;
mod history;
mod input;
mod interventions;
mod invitations;
mod meeting;
mod membership;
mod monitoring;
mod network;
mod output;
mod progress;
mod ratification;
mod reach;
mod reviews;
mod roles;
mod setup;
mod transfer;
mod window;

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::diagnostics::logs;
use crate::local::{self, DATA_DIR_ENV, Workspace};

/// Rondetafel: a shared table for alliances in the social domain, with no
/// central owner. Every partner holds the whole alliance.
#[derive(Debug, Parser)]
#[command(name = "rondetafel", version, about, propagate_version = true)]
pub struct Cli {
    /// The data directory (default: the platform's data directory).
    #[arg(long, global = true, value_name = "DIR", env = DATA_DIR_ENV)]
    data_dir: Option<PathBuf>,
    /// What the log in the data directory records: error, warn, info (the
    /// default), debug or trace, or targets such as rondetafel=debug
    /// (default: RONDETAFEL_LOG).
    #[arg(long, global = true, value_name = "LEVEL")]
    log_level: Option<String>,
    /// Confirm that what looks like personal data in the texts of this
    /// command (an organisation's general e-mail address, say) is not
    /// personal data. A citizen service number is refused regardless.
    #[arg(long, global = true)]
    not_personal_data: bool,
    /// What to do; without a command, the desktop client opens.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set up this device for your organisation (once).
    Init(setup::InitArgs),
    /// Show this device's peer id and organisation.
    Whoami(output::JsonFlag),
    /// Create, list and show alliances.
    #[command(subcommand)]
    Alliance(alliance::AllianceCommand),
    /// Edit the shared ambition.
    #[command(subcommand)]
    Ambition(content::AmbitionCommand),
    /// Add intended effects of the shared ambition.
    #[command(subcommand)]
    Effect(content::EffectCommand),
    /// Put your organisation's interests on the table, and respond to others'.
    #[command(subcommand)]
    Interest(content::InterestCommand),
    /// Make agreements and give your position on them.
    #[command(subcommand)]
    Agreement(agreement::AgreementCommand),
    /// Your organisation's role card: what it brings, is responsible for,
    /// and may decide.
    #[command(subcommand)]
    Role(roles::RoleCommand),
    /// What partners expect of one another, and their answers.
    #[command(subcommand)]
    Expectation(roles::ExpectationCommand),
    /// The course check (koerscheck): are the partners still on the same
    /// course?
    #[command(subcommand)]
    Coursecheck(coursecheck::CourseCheckCommand),
    /// Meetings: agenda, attendance, outcomes, and the decision list
    /// (besluitenlijst).
    #[command(subcommand)]
    Meeting(meeting::MeetingCommand),
    /// Bottlenecks and ideas from the work floor and clients, and what
    /// became of them.
    #[command(subcommand)]
    Input(input::InputCommand),
    /// Indicators on the intended effects.
    #[command(subcommand)]
    Indicator(Box<monitoring::IndicatorCommand>),
    /// Figures of the indicators.
    #[command(subcommand)]
    Measurement(monitoring::MeasurementCommand),
    /// What partners do to bring the effects about.
    #[command(subcommand)]
    Intervention(Box<interventions::InterventionCommand>),
    /// Milestones of interventions.
    #[command(subcommand)]
    Milestone(interventions::MilestoneCommand),
    /// The effect conversation per period.
    #[command(subcommand)]
    Review(reviews::ReviewCommand),
    /// Who changed what, and when.
    History(history::HistoryArgs),
    /// Every change with what an audit log needs: action, objects, result
    /// (accepted, ignored), signed, device, partner, time, source.
    Audit(history::AuditArgs),
    /// Write the raw Automerge document of an alliance to a file.
    Export(transfer::ExportArgs),
    /// Write the changes a partner lacks, with their signatures, to a file
    /// to carry by hand; `bundle import FILE` reads one in.
    Bundle(bundle::BundleArgs),
    /// Honour an erasure request: restart the alliance on a new document
    /// without the text, once every partner accepts.
    #[command(subcommand)]
    Erase(erase::EraseCommand),
    /// Add an alliance from a raw Automerge document (merging if present).
    Import(transfer::ImportArgs),
    /// Invite a new partner organisation; prints a single-use ticket.
    Invite(membership::InviteArgs),
    /// Join an alliance with an invitation ticket.
    Join(membership::JoinArgs),
    /// List the invitations of an alliance, or withdraw one.
    #[command(subcommand)]
    Invitation(invitations::InvitationCommand),
    /// Remove a partner from an alliance.
    #[command(subcommand)]
    Partner(membership::PartnerCommand),
    /// Publish where your organisation's always-on devices can be reached
    /// from other networks ("bereikbaar via"), or list every partner's.
    Reachable(reach::ReachableArgs),
    /// Add or retire devices of your own organisation.
    #[command(subcommand)]
    Device(membership::DeviceCommand),
    /// Export the alliance at one exact version for the partners' boards
    /// (pdf, docx, html, md or json); prints the snapshot id.
    Snapshot(ratification::SnapshotArgs),
    /// Record your own board's decision about a snapshot.
    Ratify(ratification::RatifyArgs),
    /// See which partners' bodies decided what about each snapshot.
    #[command(subcommand)]
    Ratification(ratification::RatificationCommand),
    /// What changed in the agreements since a snapshot, and who changed it.
    Diff(ratification::DiffArgs),
    /// Check a snapshot export against this replica, or an archive
    /// package on its own.
    Verify(ratification::VerifyArgs),
    /// Write the archive package of a snapshot for your records system:
    /// PDF/A, JSON, the document, its signatures and MDTO metadata.
    Archive(archive::ArchiveArgs),
    /// Run a headless peer that syncs every alliance until stopped.
    Serve(network::ServeArgs),
    /// Sync one alliance with one peer, then exit.
    Sync(network::SyncArgs),
    /// Show, per partner, its devices, when each was last seen and synced.
    Peers(network::PeersArgs),
    /// Check whether this device can work: data directory, lock, key,
    /// alliances, network, partners, clock; with what to do when not.
    Doctor(doctor::DoctorArgs),
    /// Open the desktop client (what `rondetafel` without a command does),
    /// with network options.
    Gui(network::NetworkArgs),
}

/// Parses `args` and runs the command. Usage errors exit the process with
/// clap's message and code 2; other errors are returned.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<()> {
    let matches = Cli::command()
        .try_get_matches_from(args)
        .unwrap_or_else(|e| e.exit());
    let name = command_name(&matches);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let dir = data_dir(cli.data_dir)?;
    let level = cli.log_level;
    let log = |dir: &std::path::Path| logs::start(dir, level.as_deref());
    let open_window = |args| -> Result<()> {
        let _ = std::fs::create_dir_all(&dir);
        log(&dir)?;
        window::open(&dir, args)
    };
    let started = std::time::Instant::now();
    let result = match cli.command {
        // The window's background thread opens the data directory itself.
        None => open_window(network::NetworkArgs::default()),
        Some(Command::Gui(args)) => open_window(args),
        // These work beside a running node that holds the data directory.
        Some(Command::Peers(args)) => log(&dir)
            .map_err(Into::into)
            .and_then(|()| network::peers(&dir, args)),
        Some(Command::Doctor(args)) => log(&dir)
            .map_err(Into::into)
            .and_then(|()| doctor::run(&dir, args)),
        // A package proves itself: no replica, no data directory.
        Some(Command::Verify(args)) if archive::is_package(args.file()) => {
            archive::verify(args.file(), args.json())
        }
        Some(command) => {
            let mut workspace = Workspace::open(&dir)?;
            if cli.not_personal_data {
                workspace.confirm_not_personal_data();
            }
            log(&dir)?;
            run_in_workspace(&mut workspace, command)
        }
    };
    if let Err(error) = &result
        && format!("{error:#}").contains("looks like it holds personal data")
    {
        eprintln!(
            "hint: if it is not personal data, run the command again with --not-personal-data"
        );
    }
    tracing::info!(
        command = name,
        ms = started.elapsed().as_millis() as u64,
        ok = result.is_ok(),
        "command finished"
    );
    result
}

/// The command's name as typed ("agreement position"), for the log.
fn command_name(matches: &clap::ArgMatches) -> String {
    let mut names = Vec::new();
    let mut at = matches;
    while let Some((name, sub)) = at.subcommand() {
        names.push(name.to_owned());
        at = sub;
    }
    if names.is_empty() {
        "gui".to_owned()
    } else {
        names.join(" ")
    }
}

/// Runs a command that needs the data directory to itself.
fn run_in_workspace(workspace: &mut Workspace, command: Command) -> Result<()> {
    match command {
        Command::Init(args) => setup::init(workspace, args),
        Command::Whoami(flag) => setup::whoami(workspace, flag),
        Command::Alliance(command) => alliance::run(workspace, command),
        Command::Ambition(command) => content::run_ambition(workspace, command),
        Command::Effect(command) => content::run_effect(workspace, command),
        Command::Interest(command) => content::run_interest(workspace, command),
        Command::Agreement(command) => agreement::run(workspace, command),
        Command::Role(command) => roles::run_role(workspace, command),
        Command::Expectation(command) => roles::run_expectation(workspace, command),
        Command::Coursecheck(command) => coursecheck::run(workspace, command),
        Command::Input(command) => input::run(workspace, command),
        Command::Meeting(command) => meeting::run(workspace, command),
        Command::Indicator(command) => monitoring::run_indicator(workspace, *command),
        Command::Measurement(command) => monitoring::run_measurement(workspace, command),
        Command::Intervention(command) => interventions::run_intervention(workspace, *command),
        Command::Milestone(command) => interventions::run_milestone(workspace, command),
        Command::Review(command) => reviews::run(workspace, command),
        Command::History(args) => history::run(workspace, args),
        Command::Audit(args) => history::audit(workspace, args),
        Command::Export(args) => transfer::export(workspace, args),
        Command::Bundle(args) => bundle::run(workspace, args),
        Command::Erase(command) => erase::run(workspace, command),
        Command::Import(args) => transfer::import(workspace, args),
        Command::Invite(args) => membership::invite(workspace, args, false),
        Command::Join(args) => membership::join(workspace, args),
        Command::Invitation(command) => invitations::run(workspace, command),
        Command::Partner(command) => membership::run_partner(workspace, command),
        Command::Device(command) => membership::run_device(workspace, command),
        Command::Reachable(args) => reach::run(workspace, args),
        Command::Snapshot(args) => ratification::snapshot(workspace, args),
        Command::Ratify(args) => ratification::ratify(workspace, args),
        Command::Ratification(command) => ratification::run_ratification(workspace, command),
        Command::Diff(args) => ratification::diff(workspace, args),
        Command::Verify(args) => ratification::verify(workspace, args),
        Command::Archive(args) => archive::archive(workspace, args),
        Command::Serve(args) => network::serve(workspace, args),
        Command::Sync(args) => network::sync(workspace, args),
        Command::Peers(args) => network::peers(workspace.dir(), args),
        Command::Doctor(args) => doctor::run(workspace.dir(), args),
        Command::Gui(args) => window::open(workspace.dir(), args),
    }
}

fn data_dir(given: Option<PathBuf>) -> Result<PathBuf> {
    given
        .or_else(local::default_data_dir)
        .context("this platform has no data directory; pass --data-dir DIR")
}
