//! Screening the change a device just made for personal data it adds.

use std::collections::{HashMap, HashSet};

use automerge::legacy::{Key, OpType};
use automerge::{AutoCommit, ChangeHash, ObjType, ReadDoc, ScalarValue, Value};

use super::{Confirmed, Finding, FindingKind, findings_now};
use crate::model::ModelError;

/// Checks the change this replica's actor made last (after `before`): every
/// string it put and every text it edited, for findings that were not
/// there before. A citizen service number is refused; other findings are
/// refused unless `confirmed` covers them.
pub(crate) fn screen_last_change(
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    confirmed: &Confirmed,
) -> Result<(), ModelError> {
    if doc.get_heads() == before {
        return Ok(());
    }
    let Some(change) = doc.get_last_local_change() else {
        return Ok(());
    };
    let mut types: HashMap<String, Option<(automerge::ObjId, ObjType)>> = HashMap::new();
    let mut texts = HashSet::new();
    let mut added: Vec<Finding> = Vec::new();
    for op in change.decode().operations {
        let name = op.obj.to_string();
        let object = types
            .entry(name.clone())
            .or_insert_with(|| doc.import(&name).ok())
            .clone();
        let Some((obj, kind)) = object else { continue };
        if kind == ObjType::Text {
            texts.insert(name);
            continue;
        }
        let OpType::Put(ScalarValue::Str(value)) = &op.action else {
            continue;
        };
        let old = match &op.key {
            Key::Map(key) => match doc.get_at(&obj, key.as_str(), before) {
                Ok(Some((Value::Scalar(old), _))) => old.as_str().unwrap_or_default().to_owned(),
                _ => String::new(),
            },
            Key::Seq(_) => String::new(),
        };
        added.extend(new_findings(&old, value));
    }
    for name in texts {
        let Some(Some((obj, _))) = types.get(&name) else {
            continue;
        };
        let now = doc.text(obj).unwrap_or_default();
        let old = doc.text_at(obj, before).unwrap_or_default();
        added.extend(new_findings(&old, &now));
    }
    if let Some(bsn) = added.iter().find(|f| f.kind == FindingKind::Bsn) {
        return Err(ModelError::CitizenServiceNumber(super::hint(&bsn.text)));
    }
    let mut warnings: Vec<Finding> = Vec::new();
    for finding in added.into_iter().filter(|f| !confirmed.covers(f)) {
        if !warnings.contains(&finding) {
            warnings.push(finding);
        }
    }
    if warnings.is_empty() {
        Ok(())
    } else {
        Err(ModelError::LikelyPersonalData(warnings))
    }
}

/// The findings of `new` that `old` did not have.
fn new_findings(old: &str, new: &str) -> Vec<Finding> {
    if new.is_empty() {
        return Vec::new();
    }
    let before = findings_now(old);
    findings_now(new)
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect()
}
