//! `init` and `whoami`.

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::output::{JsonFlag, print_json};
use crate::local::Workspace;
use crate::model::{PartnerKind, Role};

/// Arguments of `init`.
#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// Your organisation's name.
    #[arg(long = "org", value_name = "NAME")]
    organisation: String,
    /// The kind of organisation: gemeente, zorgaanbieder, woningcorporatie,
    /// clientenorganisatie, zorgverzekeraar, welzijn, ggd, onderwijs,
    /// adviesbureau or overig.
    #[arg(long, value_name = "KIND")]
    kind: PartnerKind,
    /// A role your organisation holds (financier, opdrachtgever, uitvoerder,
    /// clientvertegenwoordiger); repeat for several.
    #[arg(long = "role", value_name = "ROLE")]
    roles: Vec<Role>,
}

pub(super) fn init(workspace: &mut Workspace, args: InitArgs) -> Result<()> {
    let profile = workspace.init_profile(&args.organisation, args.kind, args.roles)?;
    println!(
        "This device now acts for {} ({}). Device: {}",
        profile.organisation,
        profile.kind.label_nl(),
        workspace.identity().peer_id()
    );
    Ok(())
}

/// The `whoami --json` format.
#[derive(Debug, Serialize)]
struct WhoAmI {
    peer_id: String,
    organisation: Option<String>,
    partner_id: Option<String>,
    kind: Option<PartnerKind>,
    roles: Vec<Role>,
    data_dir: String,
}

pub(super) fn whoami(workspace: &Workspace, flag: JsonFlag) -> Result<()> {
    let profile = workspace.profile()?;
    let who = WhoAmI {
        peer_id: workspace.identity().peer_id().to_string(),
        organisation: profile.as_ref().map(|p| p.organisation.clone()),
        partner_id: profile.as_ref().map(|p| p.partner_id.clone()),
        kind: profile.as_ref().map(|p| p.kind),
        roles: profile.map(|p| p.roles).unwrap_or_default(),
        data_dir: workspace.dir().display().to_string(),
    };
    if flag.json {
        return print_json(&who);
    }
    println!("Device:       {}", who.peer_id);
    match (&who.organisation, who.kind) {
        (Some(org), Some(kind)) => println!("Organisation: {org} ({})", kind.label_nl()),
        _ => println!("Organisation: not set up yet (run rondetafel init --org NAME --kind KIND)"),
    }
    println!("Data:         {}", who.data_dir);
    Ok(())
}
