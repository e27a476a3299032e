//! `invitation list` and `invitation withdraw`.

use anyhow::Result;
use clap::Subcommand;

use super::output::{self, JsonFlag, print_json};
use crate::local::Workspace;

/// `invitation` subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum InvitationCommand {
    /// Every invitation of the alliance and whether it is open, used,
    /// expired or withdrawn (the secrets are never stored).
    List {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Withdraw an open invitation your organisation made: nobody can use it
    /// afterwards.
    Withdraw {
        /// Alliance id, unique id prefix, or exact name.
        alliance: String,
        /// The invitation id or a unique prefix (see `invitation list`).
        invitation: String,
    },
}

pub(super) fn run(workspace: &mut Workspace, command: InvitationCommand) -> Result<()> {
    match command {
        InvitationCommand::List { alliance, json } => {
            let alliance = output::find(workspace, &alliance)?;
            let now = jiff::Timestamp::now().as_millisecond();
            let invitations = alliance.invitations(now);
            if json.json {
                return print_json(&invitations);
            }
            if invitations.is_empty() {
                println!("No invitations.");
            }
            for invitation in &invitations {
                let by = invitation
                    .created_by
                    .as_deref()
                    .map(|p| alliance.partner_name(p))
                    .unwrap_or_default();
                println!(
                    "  {}  {} invitation by {by}, {} (expires {})",
                    invitation.id, invitation.kind, invitation.state, invitation.expires
                );
            }
        }
        InvitationCommand::Withdraw {
            alliance,
            invitation,
        } => {
            let (mut alliance, author) = output::open_for_edit(workspace, &alliance)?;
            let id = alliance.withdraw_invitation(&author, &invitation)?;
            output::save(workspace, &mut alliance)?;
            println!("Withdrew invitation {id}");
        }
    }
    Ok(())
}
