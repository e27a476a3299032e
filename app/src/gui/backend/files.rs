//! The background service's work on files: snapshot exports, archive
//! packages, change files made and read in, and the input form. Typesetting
//! and checking take a moment, so they happen here, not on the UI thread.

use std::path::PathBuf;
use std::sync::Arc;

use super::super::problem::Problem;
use super::{Service, Update, parse_id};
use crate::local::write_atomically;
use crate::model::{Alliance, SnapshotRecord};
use crate::network::bundle;
use crate::snapshot::{self, Format};
use rondetafel_sync::Signatures;

impl Service {
    /// Writes the decision list of `meeting` into `folder`, under the name
    /// it is given by default.
    pub(super) async fn minutes(
        &mut self,
        alliance: &str,
        meeting: &str,
        format: Format,
        folder: &std::path::Path,
    ) -> Result<(), Problem> {
        let (mut alliance, _) = self.alliance_with_signatures(alliance).await?;
        let (bytes, name) = tokio::task::block_in_place(|| {
            let document = snapshot::minutes::build(&mut alliance, meeting)?;
            let bytes = snapshot::minutes::render(&document, format)?;
            Ok::<_, snapshot::SnapshotError>((bytes, document.file_name(format)))
        })
        .map_err(|e| Problem::Export(e.to_string()))?;
        let path = folder.join(name);
        write_atomically(&path, &bytes, 0o644).map_err(|error| Problem::NotWritten {
            path: path.clone(),
            error: Arc::new(error),
        })?;
        self.outbox.send(Update::MinutesWritten { path });
        Ok(())
    }

    /// An alliance as the node holds it now, with its changes' signatures.
    async fn alliance_with_signatures(
        &self,
        alliance: &str,
    ) -> Result<(Alliance, Signatures), Problem> {
        let id = parse_id(alliance)?;
        let live = self.node.as_ref().ok_or(Problem::NodeNotRunning)?;
        let stopped = |_| Problem::NodeNotRunning;
        let document = live.node.document(id.clone()).await.map_err(stopped)?;
        let signatures = live.node.signatures(id).await.map_err(stopped)?;
        let (Some(document), Some(signatures)) = (document, signatures) else {
            return Err(Problem::AllianceMissing);
        };
        let alliance = Alliance::from_document(document, self.workspace.actor().clone())
            .map_err(Problem::from)?;
        Ok((alliance, signatures))
    }

    pub(super) async fn export(
        &mut self,
        alliance: &str,
        snapshot: &SnapshotRecord,
        recording: &[u8],
        format: Format,
        path: PathBuf,
    ) -> Result<(), Problem> {
        let id = parse_id(alliance)?;
        let live = self.node.as_ref().ok_or(Problem::NodeNotRunning)?;
        let document = live
            .node
            .document(id)
            .await
            .map_err(|_| Problem::NodeNotRunning)?
            .ok_or(Problem::AllianceMissing)?;
        let mut alliance = Alliance::from_document(document, self.workspace.actor().clone())
            .map_err(Problem::from)?;
        alliance
            .document_mut()
            .load_incremental(recording)
            .map_err(|e| Problem::Export(e.to_string()))?;
        let export =
            tokio::task::block_in_place(|| snapshot::export(&mut alliance, snapshot, format))
                .map_err(|e| Problem::Export(e.to_string()))?;
        write_atomically(&path, &export.bytes, 0o644).map_err(|error| Problem::NotWritten {
            path: path.clone(),
            error: Arc::new(error),
        })?;
        if !recording.is_empty()
            && let Err(error) = self.apply(alliance.id(), recording.to_vec()).await
        {
            let _ = std::fs::remove_file(&path);
            return Err(error);
        }
        self.outbox.send(Update::Exported {
            path,
            label: snapshot.label.clone(),
            short_id: snapshot.short_id.clone(),
        });
        Ok(())
    }

    pub(super) async fn archive(
        &mut self,
        alliance: &str,
        snapshot: &SnapshotRecord,
        valuation: crate::archive::Valuation,
        retention_years: Option<u32>,
        path: PathBuf,
    ) -> Result<(), Problem> {
        let (mut alliance, signatures) = self.alliance_with_signatures(alliance).await?;
        let profile = self.workspace.profile().map_err(Problem::from)?;
        let options = crate::archive::ArchiveOptions {
            archive_creator: profile.map(|p| p.organisation).ok_or(Problem::NotSetUp)?,
            valuation,
            retention_years,
        };
        let package = tokio::task::block_in_place(|| {
            crate::archive::build(
                &mut alliance,
                snapshot,
                &signatures,
                &options,
                jiff::Timestamp::now(),
            )
        })
        .map_err(|e| Problem::Export(e.to_string()))?;
        write_atomically(&path, &package.bytes, 0o644).map_err(|error| Problem::NotWritten {
            path: path.clone(),
            error: Arc::new(error),
        })?;
        self.outbox.send(Update::Archived {
            path,
            label: snapshot.label.clone(),
            short_id: snapshot.short_id.clone(),
        });
        Ok(())
    }

    pub(super) async fn make_bundle(
        &mut self,
        alliance: &str,
        partner: Option<&str>,
        path: PathBuf,
    ) -> Result<(), Problem> {
        let (mut alliance, signatures) = self.alliance_with_signatures(alliance).await?;
        let since = match partner {
            Some(partner) => bundle::known_heads_of(&alliance.view(), partner, &self.book),
            None => Vec::new(),
        };
        let (bytes, manifest) = bundle::make(&mut alliance, &since, &signatures)
            .map_err(|e| Problem::Bundle(Arc::new(e)))?;
        write_atomically(&path, &bytes, 0o644).map_err(|error| Problem::NotWritten {
            path: path.clone(),
            error: Arc::new(error),
        })?;
        self.outbox.send(Update::BundleMade {
            path,
            changes: manifest.changes,
        });
        Ok(())
    }

    pub(super) async fn read_bundle(&mut self, path: &std::path::Path) -> Result<(), Problem> {
        let bytes = std::fs::read(path).map_err(|error| Problem::NotRead {
            path: path.to_owned(),
            error: Arc::new(error),
        })?;
        let opened = bundle::open(&bytes).map_err(|e| Problem::Bundle(Arc::new(e)))?;
        let (manifest, changes, signatures) = opened.into_parts();
        let id = parse_id(&manifest.alliance)?;
        let live = self.node.as_ref().ok_or(Problem::NodeNotRunning)?;
        let before = live
            .node
            .document(id.clone())
            .await
            .map_err(|_| Problem::NodeNotRunning)?
            .ok_or_else(|| {
                Problem::Bundle(Arc::new(bundle::BundleError::Unknown(
                    manifest.alliance_name.clone(),
                )))
            })?
            .get_heads();
        let new_changes = live
            .node
            .apply_carried(id.clone(), changes, signatures)
            .await
            .map_err(|e| {
                Problem::Bundle(Arc::new(bundle::BundleError::NotApplied(e.to_string())))
            })?;
        if new_changes > 0
            && let Ok(Some((changes, _))) = live.node.changes_since(id, before).await
        {
            self.outbox.send(Update::Changes {
                alliance: manifest.alliance.clone(),
                changes,
            });
        }
        self.outbox.send(Update::BundleRead {
            name: manifest.alliance_name,
            new_changes,
        });
        Ok(())
    }
}

/// Typesets the input form of alliance `name` and writes it to `path`.
pub(super) fn write_form(
    name: &str,
    alliance: &str,
    path: &std::path::Path,
) -> Result<(), Problem> {
    let today = jiff::Zoned::now().date().to_string();
    let pdf = tokio::task::block_in_place(|| snapshot::form::pdf(name, alliance, &today))
        .map_err(|e| Problem::Export(e.to_string()))?;
    write_atomically(path, &pdf, 0o644).map_err(|error| Problem::NotWritten {
        path: path.to_owned(),
        error: Arc::new(error),
    })
}
