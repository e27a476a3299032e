//! `erase`: honour an erasure request by restarting the alliance on a new
//! epoch, agreed by every partner, and carry this device's later edits
//! over.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::local::restarts;
use crate::model::epoch::{CarriedEdit, EpochInfo, RestartProposal, RestartState};

/// `erase` subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum EraseCommand {
    /// Propose to restart the alliance on a new document holding today's
    /// state, with a text taken out everywhere; its history is dropped
    /// once every partner accepts.
    Propose(ProposeArgs),
    /// The restart proposals, the epoch this alliance began with, and the
    /// edits waiting to be carried over.
    Show {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Accept a restart for your organisation (signed by this device).
    Accept(AnswerArgs),
    /// Refuse a restart for your organisation.
    Refuse(AnswerArgs),
    /// This device's edits from before the restart: list them, write them
    /// into the new epoch (--apply), or let them go (--discard).
    Carried(CarriedArgs),
}

/// Arguments of `erase propose`.
#[derive(Debug, Args)]
pub(super) struct ProposeArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// The text to take out (a name typed by mistake, say), replaced by
    /// "[verwijderd]" wherever it occurs, in any case; it is not stored.
    #[arg(long, value_name = "TEXT")]
    text: Option<String>,
    /// Why, in words without personal data ("erasure request of 1 March").
    #[arg(long, value_name = "TEXT")]
    reason: String,
    #[command(flatten)]
    json: JsonFlag,
}

/// Arguments of `erase accept` and `erase refuse`.
#[derive(Debug, Args)]
pub(super) struct AnswerArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// The restart's id or unique prefix.
    restart: String,
    #[command(flatten)]
    json: JsonFlag,
}

/// Arguments of `erase carried`.
#[derive(Debug, Args)]
pub(super) struct CarriedArgs {
    /// Alliance id (new or old), unique id prefix, or exact name.
    alliance: String,
    /// Write every edit into the new epoch.
    #[arg(long, conflicts_with = "discard")]
    apply: bool,
    /// Let every edit go.
    #[arg(long)]
    discard: bool,
    #[command(flatten)]
    json: JsonFlag,
}

/// What `erase accept`, `erase refuse` and `erase propose` print with
/// `--json`.
#[derive(Debug, Serialize)]
struct Answered<'a> {
    #[serde(flatten)]
    restart: &'a RestartProposal,
    /// The new alliance id when the restart was carried out here.
    restarted: Option<String>,
}

/// What `erase show --json` prints.
#[derive(Debug, Serialize)]
struct Shown {
    alliance: String,
    restarts: Vec<RestartProposal>,
    epoch: Option<EpochInfo>,
    carried: usize,
}

/// What `erase carried --json` prints.
#[derive(Debug, Serialize)]
struct Carried {
    alliance: String,
    edits: Vec<CarriedEdit>,
    applied: usize,
    discarded: usize,
}

pub(super) fn run(workspace: &mut Workspace, command: EraseCommand) -> Result<()> {
    match command {
        EraseCommand::Propose(args) => propose(workspace, args),
        EraseCommand::Show { alliance, json } => show(workspace, &alliance, json.json),
        EraseCommand::Accept(args) => answer(workspace, args, true),
        EraseCommand::Refuse(args) => answer(workspace, args, false),
        EraseCommand::Carried(args) => carried(workspace, args),
    }
}

fn propose(workspace: &mut Workspace, args: ProposeArgs) -> Result<()> {
    let (mut alliance, author) = output::open_for_edit(workspace, &args.alliance)?;
    let proposal = alliance.propose_restart(&author, args.text.as_deref(), &args.reason)?;
    output::save(workspace, &mut alliance)?;
    if args.json.json {
        return print_json(&Answered {
            restart: &proposal,
            restarted: None,
        });
    }
    println!(
        "Proposed restart {} of {}: {} replaced; the history is dropped once every partner accepts (rondetafel erase accept {} {}).",
        proposal.id,
        alliance.name(),
        output::count(proposal.replacements.len(), "value", "values"),
        alliance.id(),
        proposal.id
    );
    if args.text.is_some() && proposal.replacements.is_empty() {
        println!(
            "The text does not occur in the alliance as it is now; the restart only drops the history."
        );
    }
    print_waiting(&proposal);
    Ok(())
}

fn answer(workspace: &mut Workspace, args: AnswerArgs, accept: bool) -> Result<()> {
    let (mut alliance, author) = output::open_for_edit(workspace, &args.alliance)?;
    let proposal = if accept {
        alliance.accept_restart(&author, &args.restart, &workspace.identity().signer())?
    } else {
        alliance.refuse_restart(&author, &args.restart)?
    };
    output::save(workspace, &mut alliance)?;
    let restarted = match proposal.state {
        RestartState::Agreed => workspace
            .carry_out_restart(&mut alliance)?
            .map(|new| new.id().to_owned()),
        _ => None,
    };
    if args.json.json {
        return print_json(&Answered {
            restart: &proposal,
            restarted,
        });
    }
    match (&proposal.state, &restarted) {
        (RestartState::Refused, _) => println!("Refused restart {}.", proposal.id),
        (RestartState::Agreed, Some(new)) => println!(
            "Every partner accepted: {} restarted as {new}; its earlier history is gone from this device.",
            alliance.name()
        ),
        (RestartState::Agreed, None) => println!(
            "Every partner accepted: the running node restarts {}.",
            alliance.name()
        ),
        (RestartState::Open, _) => {
            println!("Accepted restart {}.", proposal.id);
            print_waiting(&proposal);
        }
    }
    Ok(())
}

fn print_waiting(proposal: &RestartProposal) {
    if !proposal.waiting_for.is_empty() {
        println!("Waiting for: {}", proposal.waiting_for.join(", "));
    }
}

fn show(workspace: &mut Workspace, query: &str, json: bool) -> Result<()> {
    let alliance = output::find(workspace, query)?;
    let carried = restarts::of_successor(workspace.dir(), alliance.id())?
        .map(|r| r.carried.len())
        .unwrap_or(0);
    let shown = Shown {
        alliance: alliance.id().to_owned(),
        restarts: alliance.restarts(),
        epoch: alliance.epoch(),
        carried,
    };
    if json {
        return print_json(&shown);
    }
    if let Some(epoch) = &shown.epoch {
        println!(
            "{} restarted from {} ({} replaced); {} snapshot(s) before the restart, verifiable from their exports and archive packages.",
            alliance.name(),
            epoch.previous,
            output::count(epoch.replaced as usize, "value", "values"),
            epoch.previous_snapshots.len()
        );
    }
    if shown.restarts.is_empty() && shown.epoch.is_none() {
        println!("No restart was proposed for {}.", alliance.name());
    }
    for proposal in &shown.restarts {
        let state = match proposal.state {
            RestartState::Open => "open",
            RestartState::Agreed => "accepted by every partner",
            RestartState::Refused => "refused",
        };
        println!(
            "{}  {state}  proposed by {} on {}: {} ({} replaced)",
            proposal.id,
            proposal.proposed_by_name,
            proposal.proposed_at,
            proposal.reason,
            output::count(proposal.replacements.len(), "value", "values")
        );
        print_waiting(proposal);
    }
    if carried > 0 {
        println!(
            "{carried} edit(s) of this device from before the restart wait: rondetafel erase carried {}",
            alliance.id()
        );
    }
    Ok(())
}

fn carried(workspace: &mut Workspace, args: CarriedArgs) -> Result<()> {
    let (mut alliance, author) = output::open_for_edit(workspace, &args.alliance)?;
    let Some(record) = restarts::of_successor(workspace.dir(), alliance.id())? else {
        bail!("{} did not restart on this device", alliance.name());
    };
    let edits = record.carried;
    let (mut applied, mut discarded) = (0, 0);
    if args.apply {
        alliance.apply_carried_edits(&author, &edits)?;
        output::save(workspace, &mut alliance)?;
        applied = edits.len();
    } else if args.discard {
        discarded = edits.len();
    }
    if args.apply || args.discard {
        restarts::set_carried(workspace.dir(), alliance.id(), Vec::new())?;
    }
    if args.json.json {
        return print_json(&Carried {
            alliance: alliance.id().to_owned(),
            edits,
            applied,
            discarded,
        });
    }
    if applied > 0 {
        println!("Wrote {applied} edit(s) into {}.", alliance.name());
    } else if discarded > 0 {
        println!("Let {discarded} edit(s) go.");
    } else if edits.is_empty() {
        println!("No edits of this device wait to be carried over.");
    } else {
        for edit in &edits {
            println!("{}: {}", edit.path.join("/"), edit.value.display());
        }
        println!("Write them with --apply, or let them go with --discard.");
    }
    Ok(())
}
