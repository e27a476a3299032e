//! `meeting`: meetings of the partners, their agenda, attendance,
//! outcomes, the close, and the decision list (besluitenlijst).

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use serde::Serialize;

use super::alliance::partner_names;
use super::output::{self, JsonFlag, print_json};
use crate::local::{Workspace, write_atomically};
use crate::model::{Alliance, AllianceView, ClosedView, MeetingView, ModelError};
use crate::snapshot::Format;
use crate::snapshot::minutes;

#[derive(Debug, Subcommand)]
pub(super) enum MeetingCommand {
    /// Start a meeting; prints its id.
    Start {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The meeting's title (default: "Vergadering <date>").
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Record that your organisation is present.
    Attend {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Meeting id or unique prefix.
        meeting: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Put agreements on the agenda, or take them off; prints the agenda.
    Agenda {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Meeting id or unique prefix.
        meeting: String,
        /// An agreement to put on the agenda (id or unique prefix).
        #[arg(long, value_name = "AGREEMENT")]
        add: Vec<String>,
        /// An agreement to take off the agenda (id or unique prefix).
        #[arg(long, value_name = "AGREEMENT")]
        remove: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Record the meeting's outcome on an agenda item.
    Outcome {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Meeting id or unique prefix.
        meeting: String,
        /// The agreement on the agenda (id or unique prefix).
        agreement: String,
        /// What the meeting concluded.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        text: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Close the meeting: records the alliance's version of now, which the
    /// decision list cites. Only a partner present closes it.
    Close {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Meeting id or unique prefix.
        meeting: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Write the decision list (besluitenlijst) of a closed meeting.
    Minutes {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Meeting id or unique prefix.
        meeting: String,
        /// pdf or md.
        #[arg(long, value_name = "FORMAT", value_parser = ["pdf", "md"])]
        format: String,
        /// The file to write (default:
        /// <alliance>-besluitenlijst-<title>-<short id>.<format>).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Show the meetings, or one with its agenda, positions and outcomes.
    Show {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Meeting id or unique prefix.
        meeting: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// The `--json` answer of `meeting start`.
#[derive(Serialize)]
struct Started {
    id: String,
}

/// The `--json` answer of `meeting close`.
#[derive(Serialize)]
struct Closed<'a> {
    id: &'a str,
    #[serde(flatten)]
    closed: &'a ClosedView,
}

/// The `--json` answer of `meeting minutes`.
#[derive(Serialize)]
struct MinutesWritten {
    meeting: String,
    snapshot: String,
    heads: Vec<String>,
    status_heads: Vec<String>,
    format: Format,
    file: String,
    present: Vec<String>,
    items: usize,
}

/// A meeting as `meeting show --json` prints it: with each agenda item's
/// title, status and positions.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    meeting: &'a MeetingView,
    items: Vec<ShownItem>,
}

#[derive(Serialize)]
struct ShownItem {
    agreement: String,
    title: String,
    status: crate::model::AgreementStatus,
    positions: Vec<ShownPosition>,
}

#[derive(Serialize)]
struct ShownPosition {
    partner: String,
    stance: Option<crate::model::Stance>,
    reason: String,
}

pub(super) fn run(workspace: &mut Workspace, command: MeetingCommand) -> Result<()> {
    match command {
        MeetingCommand::Start {
            alliance,
            title,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.start_meeting(&author, title.as_deref())?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&Started { id });
            }
            println!("Started meeting: {id}");
        }
        MeetingCommand::Attend {
            alliance,
            meeting,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.attend_meeting(&author, &meeting)?;
            output::save(workspace, &mut alliance)?;
            print_meeting(&mut alliance, &meeting, json.json)?;
        }
        MeetingCommand::Agenda {
            alliance,
            meeting,
            add,
            remove,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            for agreement in &add {
                alliance.add_agenda_item(&author, &meeting, agreement)?;
            }
            for agreement in &remove {
                alliance.remove_agenda_item(&author, &meeting, agreement)?;
            }
            output::save(workspace, &mut alliance)?;
            print_meeting(&mut alliance, &meeting, json.json)?;
        }
        MeetingCommand::Outcome {
            alliance,
            meeting,
            agreement,
            text,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.record_outcome(&author, &meeting, &agreement, &text)?;
            output::save(workspace, &mut alliance)?;
            print_meeting(&mut alliance, &meeting, json.json)?;
        }
        MeetingCommand::Close {
            alliance,
            meeting,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let closed = alliance.close_meeting(&author, &meeting)?;
            output::save(workspace, &mut alliance)?;
            let id = alliance.meeting(&meeting)?.id;
            if json.json {
                return print_json(&Closed {
                    id: &id,
                    closed: &closed,
                });
            }
            println!("Closed meeting {id}");
            println!("Version at the close (snapshot id): {}", closed.snapshot);
        }
        MeetingCommand::Minutes {
            alliance,
            meeting,
            format,
            output,
            json,
        } => write_minutes(workspace, &alliance, &meeting, &format, output, json.json)?,
        MeetingCommand::Show {
            alliance,
            meeting,
            json,
        } => {
            let mut alliance = output::find(workspace, &alliance)?;
            match meeting {
                Some(meeting) => print_meeting(&mut alliance, &meeting, json.json)?,
                None => print_meetings(&mut alliance, json.json)?,
            }
        }
    }
    Ok(())
}

fn write_minutes(
    workspace: &mut Workspace,
    alliance: &str,
    meeting: &str,
    format: &str,
    output: Option<PathBuf>,
    json: bool,
) -> Result<()> {
    let format: Format = format.parse().map_err(anyhow::Error::msg)?;
    let mut alliance = output::find(workspace, alliance)?;
    let document = minutes::build(&mut alliance, meeting)?;
    let bytes = minutes::render(&document, format)?;
    let file = output.unwrap_or_else(|| PathBuf::from(document.file_name(format)));
    write_atomically(&file, &bytes, 0o644)
        .with_context(|| format!("could not write {}", file.display()))?;
    if json {
        return print_json(&MinutesWritten {
            meeting: document.meeting,
            snapshot: document.snapshot,
            heads: document.heads,
            status_heads: document.status_heads,
            format,
            file: file.display().to_string(),
            present: document.present,
            items: document.items.len(),
        });
    }
    println!("Decision list of {}: {}", document.title, file.display());
    println!("Version at the close (snapshot id): {}", document.snapshot);
    Ok(())
}

fn print_meetings(alliance: &mut Alliance, json: bool) -> Result<()> {
    let meetings = alliance.meetings();
    if json {
        return print_json(&meetings);
    }
    let view = alliance.view();
    let names = partner_names(&view);
    if meetings.is_empty() {
        println!("No meetings yet.");
    }
    for meeting in &meetings {
        let state = match &meeting.closed {
            Some(closed) => format!("closed {}", closed.at.as_deref().unwrap_or("")),
            None => "open".to_owned(),
        };
        println!(
            "{}  {}  ({state}; started by {}; {} on the agenda, {} present)",
            meeting.id,
            meeting.title,
            name_of(&names, &meeting.started_by),
            meeting.agenda.len(),
            meeting.attendance.len()
        );
    }
    Ok(())
}

fn print_meeting(alliance: &mut Alliance, query: &str, json: bool) -> Result<()> {
    let meeting = alliance.meeting(query)?;
    let view = alliance.view();
    let items = shown_items(&view, &meeting)?;
    if json {
        return print_json(&Shown {
            meeting: &meeting,
            items,
        });
    }
    let names = partner_names(&view);
    println!("{} ({})", meeting.title, meeting.id);
    println!(
        "Started by {} at {}",
        name_of(&names, &meeting.started_by),
        meeting.started_at.as_deref().unwrap_or("?")
    );
    let present: Vec<String> = meeting
        .attendance
        .iter()
        .map(|a| name_of(&names, &a.partner))
        .collect();
    println!(
        "Present: {}",
        if present.is_empty() {
            "nobody yet".to_owned()
        } else {
            present.join(", ")
        }
    );
    for (item, shown) in meeting.agenda.iter().zip(&items) {
        println!();
        println!("- {} ({}) [{}]", shown.title, shown.agreement, shown.status);
        for position in &shown.positions {
            let stance = position
                .stance
                .map_or_else(|| "no position".to_owned(), |s| s.to_string());
            println!("    {}: {stance} {}", position.partner, position.reason);
        }
        if item.outcome_conflicts.len() > 1 {
            println!("    Outcome not settled; recorded at once:");
            for outcome in &item.outcome_conflicts {
                println!("      {}", outcome.text);
            }
        } else if let Some(outcome) = &item.outcome {
            let by = outcome.recorded_by.as_deref().map(|p| name_of(&names, p));
            println!(
                "    Outcome: {} (recorded by {})",
                outcome.text,
                by.unwrap_or_default()
            );
        }
    }
    if let Some(closed) = &meeting.closed {
        println!();
        println!(
            "Closed at {}; version at the close: {}",
            closed.at.as_deref().unwrap_or("?"),
            closed.snapshot
        );
    }
    Ok(())
}

fn shown_items(view: &AllianceView, meeting: &MeetingView) -> Result<Vec<ShownItem>> {
    meeting
        .agenda
        .iter()
        .map(|item| {
            let agreement = view
                .agreements
                .iter()
                .find(|a| a.id == item.agreement)
                .ok_or_else(|| ModelError::NotFound {
                    what: "agreement",
                    query: item.agreement.clone(),
                })?;
            let positions = view
                .partners
                .iter()
                .filter(|p| p.left.is_none())
                .map(|p| {
                    let position = agreement.positions.get(&p.id);
                    ShownPosition {
                        partner: p.name.clone(),
                        stance: position.map(|pos| pos.stance),
                        reason: position.map(|pos| pos.reason.clone()).unwrap_or_default(),
                    }
                })
                .collect();
            Ok(ShownItem {
                agreement: agreement.id.clone(),
                title: agreement.title.clone(),
                status: agreement.status,
                positions,
            })
        })
        .collect()
}

fn name_of(names: &HashMap<String, String>, id: &str) -> String {
    names.get(id).cloned().unwrap_or_else(|| id.to_owned())
}
