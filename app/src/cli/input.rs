//! `input`: bottlenecks and ideas from the work floor and from clients,
//! supports, responses, promotion to an agreement, CSV import and the
//! printable form.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::alliance::partner_names;
use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::input_csv::read_inputs;
use crate::model::{
    AllianceView, InputKind, InputResponse, InputRole, InputStatus, NewInput, Signing,
};

#[derive(Debug, Subcommand)]
pub(super) enum InputCommand {
    /// Enter a bottleneck or an idea; prints its id. No personal data of
    /// clients.
    Add(AddArgs),
    /// Support a piece of input for your organisation, in a role.
    Support {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Input id or unique prefix.
        input: String,
        /// The role you support it in: professional, client, manager,
        /// board-member or other.
        #[arg(long, value_name = "ROLE", default_value = "other")]
        role: InputRole,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Record what became of a piece of input.
    Respond {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Input id or unique prefix.
        input: String,
        /// new, in-progress, taken-up (needs --agreement), not-taken-up
        /// (needs --reason) or done.
        #[arg(long, value_name = "STATUS")]
        status: InputStatus,
        /// Why it is not taken up.
        #[arg(
            long,
            value_name = "TEXT",
            default_value = "",
            allow_hyphen_values = true
        )]
        reason: String,
        /// The agreement it became (id or unique prefix).
        #[arg(long, value_name = "AGREEMENT")]
        agreement: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Turn a piece of input into a proposed agreement, linked both ways;
    /// prints the agreement's id.
    Promote {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// Input id or unique prefix.
        input: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List the input, and what became of it per role.
    List {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Import input collected on paper or in a survey tool from a CSV file
    /// (columns kind, text, role, and optionally signing and name; commas or
    /// semicolons): all rows, or none when one is bad.
    Import {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The CSV file.
        file: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Write the printable input form (PDF) for a session with people who
    /// do not use the app.
    Form {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The PDF to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
pub(super) struct AddArgs {
    /// Alliance id, unique id prefix, or exact name.
    alliance: String,
    /// bottleneck (knelpunt) or idea (idee).
    #[arg(long, value_name = "KIND")]
    kind: InputKind,
    /// The bottleneck or idea. No personal data of clients.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    text: String,
    /// Where it comes from: professional, client, manager, board-member or
    /// other.
    #[arg(long, value_name = "ROLE")]
    role: InputRole,
    /// Sign with the role only (and your organisation).
    #[arg(long, conflicts_with = "anonymous")]
    role_only: bool,
    /// Sign anonymously: only the role is shown.
    #[arg(long)]
    anonymous: bool,
    /// The person's name, when signed with a name (never a client's).
    #[arg(long, value_name = "NAME", default_value = "")]
    name: String,
    #[command(flatten)]
    json: JsonFlag,
}

/// The `--json` answer of an addition or import.
#[derive(Serialize)]
struct Added {
    ids: Vec<String>,
}

/// What became of the input per role: `input list --json`'s summary.
#[derive(Serialize)]
struct ListOutput<'a> {
    inputs: &'a [crate::model::InputView],
    per_role: Vec<RoleSummary>,
}

/// How much input came from one role, and what became of it.
#[derive(Serialize)]
struct RoleSummary {
    role: InputRole,
    total: usize,
    new: usize,
    in_progress: usize,
    taken_up: usize,
    not_taken_up: usize,
    done: usize,
}

pub(super) fn run(workspace: &mut Workspace, command: InputCommand) -> Result<()> {
    match command {
        InputCommand::Add(args) => add(workspace, args)?,
        InputCommand::Support {
            alliance,
            input,
            role,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            alliance.support_input(&author, &input, role)?;
            output::save(workspace, &mut alliance)?;
            let view = alliance.view();
            let found = view.inputs.iter().find(|i| i.id.starts_with(input.trim()));
            if json.json {
                return print_json(&found);
            }
            println!("Supported as {}", role.label_nl().to_lowercase());
        }
        InputCommand::Respond {
            alliance,
            input,
            status,
            reason,
            agreement,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let response = InputResponse {
                status: Some(status),
                reason,
                agreement,
            };
            alliance.respond_to_input(&author, &input, &response)?;
            output::save(workspace, &mut alliance)?;
            let view = alliance.view();
            let found = view.inputs.iter().find(|i| i.id.starts_with(input.trim()));
            if json.json {
                return print_json(&found);
            }
            println!("Saved: {}", status.label_nl().to_lowercase());
        }
        InputCommand::Promote {
            alliance,
            input,
            json,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let agreement = alliance.promote_input(&author, &input)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&serde_json::json!({ "agreement": agreement }));
            }
            println!("Proposed agreement: {agreement}");
        }
        InputCommand::List { alliance, json } => {
            let view = output::find(workspace, &alliance)?.view();
            let per_role = per_role(&view);
            if json.json {
                return print_json(&ListOutput {
                    inputs: &view.inputs,
                    per_role,
                });
            }
            print_list(&view, &per_role);
        }
        InputCommand::Import {
            alliance,
            file,
            json,
        } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let inputs = match read_inputs(&bytes, alliance.confirmed()) {
                Ok(inputs) => inputs,
                Err(problems) => {
                    for p in &problems {
                        eprintln!("{}: line {}: {}", file.display(), p.line, p.fault);
                    }
                    bail!(
                        "nothing imported: {} bad row(s) in {}",
                        problems.len(),
                        file.display()
                    );
                }
            };
            let ids = alliance.add_inputs(&author, &inputs)?;
            output::save(workspace, &mut alliance)?;
            if json.json {
                return print_json(&Added { ids });
            }
            println!("Imported {} piece(s) of input", ids.len());
        }
        InputCommand::Form { alliance, output } => {
            let alliance = output::find(workspace, &alliance)?;
            let today = jiff::Zoned::now().date().to_string();
            let pdf = crate::snapshot::form::pdf(&alliance.name(), alliance.id(), &today)?;
            std::fs::write(&output, pdf)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", output.display()))?;
            println!("Wrote the input form to {}", output.display());
        }
    }
    Ok(())
}

fn add(workspace: &mut Workspace, args: AddArgs) -> Result<()> {
    let signing = if args.anonymous {
        Signing::Anonymous
    } else if args.role_only {
        Signing::RoleOnly
    } else {
        Signing::Named
    };
    let input = NewInput {
        kind: args.kind,
        text: args.text,
        role: args.role,
        signing,
        name: args.name,
    };
    let (mut alliance, author) = output::open_for_edit(workspace, &args.alliance)?;
    let id = alliance.add_input(&author, &input)?;
    output::save(workspace, &mut alliance)?;
    if args.json.json {
        return print_json(&Added { ids: vec![id] });
    }
    println!("Added input: {id}");
    Ok(())
}

fn per_role(view: &AllianceView) -> Vec<RoleSummary> {
    InputRole::ALL
        .iter()
        .map(|role| {
            let of = |status: InputStatus| {
                view.inputs
                    .iter()
                    .filter(|i| i.role == *role && i.status == status)
                    .count()
            };
            RoleSummary {
                role: *role,
                total: view.inputs.iter().filter(|i| i.role == *role).count(),
                new: of(InputStatus::New),
                in_progress: of(InputStatus::InProgress),
                taken_up: of(InputStatus::TakenUp),
                not_taken_up: of(InputStatus::NotTakenUp),
                done: of(InputStatus::Done),
            }
        })
        .filter(|s| s.total > 0)
        .collect()
}

fn print_list(view: &AllianceView, per_role: &[RoleSummary]) {
    let names = partner_names(view);
    if view.inputs.is_empty() {
        println!("No input yet.");
        return;
    }
    for input in &view.inputs {
        let from = match (&input.partner, input.name.is_empty()) {
            (None, _) => input.role.slug().to_owned(),
            (Some(p), true) => format!(
                "{}, {}",
                input.role.slug(),
                names.get(p).map_or(p.as_str(), String::as_str)
            ),
            (Some(p), false) => format!(
                "{}, {}, {}",
                input.name,
                input.role.slug(),
                names.get(p).map_or(p.as_str(), String::as_str)
            ),
        };
        println!(
            "{}  [{}] {} ({from}) — {}, {} support(s)",
            input.id,
            input.kind,
            input.text,
            input.status,
            input.supports.len()
        );
        if let Some(agreement) = &input.agreement {
            println!("    became agreement {agreement}");
        }
        if !input.reason.is_empty() {
            println!("    reason: {}", input.reason);
        }
    }
    println!("\nWhat became of it, per role:");
    for s in per_role {
        println!(
            "  {}: {} in all — {} new, {} in progress, {} taken up, {} not taken up, {} done",
            s.role, s.total, s.new, s.in_progress, s.taken_up, s.not_taken_up, s.done
        );
    }
}
