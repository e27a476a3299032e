//! Typed reads from an Automerge document, at the current version or at any
//! earlier heads. Missing or mistyped values read as `None`: a document from
//! another replica is input, never trusted to have the expected shape.

use automerge::{ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue, Value};

/// Where to read: the current state or the state at given heads.
#[derive(Debug, Clone, Copy, Default)]
pub enum At<'a> {
    /// The current state.
    #[default]
    Now,
    /// The state at these heads.
    Heads(&'a [ChangeHash]),
}

fn scalar<D: ReadDoc>(doc: &D, at: At<'_>, obj: &ObjId, key: &str) -> Option<ScalarValue> {
    let found = match at {
        At::Now => doc.get(obj, key),
        At::Heads(heads) => doc.get_at(obj, key, heads),
    };
    match found.ok().flatten()? {
        (Value::Scalar(value), _) => Some(value.into_owned()),
        _ => None,
    }
}

/// A string value.
pub(crate) fn str<D: ReadDoc>(doc: &D, obj: &ObjId, key: &str) -> Option<String> {
    str_at(doc, At::Now, obj, key)
}

/// A string value at a version.
pub(crate) fn str_at<D: ReadDoc>(doc: &D, at: At<'_>, obj: &ObjId, key: &str) -> Option<String> {
    scalar(doc, at, obj, key)?
        .as_str()
        .map(|s| super::privacy::mask(s).into_owned())
}

/// An unsigned integer value.
pub(crate) fn uint<D: ReadDoc>(doc: &D, obj: &ObjId, key: &str) -> Option<u64> {
    uint_at(doc, At::Now, obj, key)
}

/// An unsigned integer value at a version.
pub(crate) fn uint_at<D: ReadDoc>(doc: &D, at: At<'_>, obj: &ObjId, key: &str) -> Option<u64> {
    match scalar(doc, at, obj, key)? {
        ScalarValue::Uint(n) => Some(n),
        ScalarValue::Int(n) => u64::try_from(n).ok(),
        _ => None,
    }
}

/// A timestamp (milliseconds since the Unix epoch) at a version.
pub(crate) fn timestamp_at<D: ReadDoc>(doc: &D, at: At<'_>, obj: &ObjId, key: &str) -> Option<i64> {
    match scalar(doc, at, obj, key)? {
        ScalarValue::Timestamp(ms) | ScalarValue::Int(ms) => Some(ms),
        _ => None,
    }
}

/// A child object of the given type.
pub(crate) fn object_at<D: ReadDoc>(
    doc: &D,
    at: At<'_>,
    obj: &ObjId,
    key: &str,
    wanted: ObjType,
) -> Option<ObjId> {
    let found = match at {
        At::Now => doc.get(obj, key),
        At::Heads(heads) => doc.get_at(obj, key, heads),
    };
    match found.ok().flatten()? {
        (Value::Object(kind), id) if kind == wanted => Some(id),
        _ => None,
    }
}

/// A child map.
pub(crate) fn map_at<D: ReadDoc>(doc: &D, at: At<'_>, obj: &ObjId, key: &str) -> Option<ObjId> {
    object_at(doc, at, obj, key, ObjType::Map)
}

/// The contents of a child text object (empty when missing).
pub(crate) fn text_at<D: ReadDoc>(doc: &D, at: At<'_>, obj: &ObjId, key: &str) -> String {
    let Some(text) = object_at(doc, at, obj, key, ObjType::Text) else {
        return String::new();
    };
    let read = match at {
        At::Now => doc.text(&text),
        At::Heads(heads) => doc.text_at(&text, heads),
    };
    super::privacy::mask(&read.unwrap_or_default()).into_owned()
}

/// The keys of a map, sorted.
pub(crate) fn keys_at<D: ReadDoc>(doc: &D, at: At<'_>, obj: &ObjId) -> Vec<String> {
    let mut keys: Vec<String> = match at {
        At::Now => doc.keys(obj).collect(),
        At::Heads(heads) => doc.keys_at(obj, heads).collect(),
    };
    keys.sort();
    keys
}

/// Every concurrent value of `key` in `obj` at `at`, with the id of the
/// operation that wrote it.
fn all_at<'a, D: ReadDoc>(
    doc: &'a D,
    at: At<'_>,
    obj: &ObjId,
    key: &str,
) -> Vec<(Value<'a>, ObjId)> {
    match at {
        At::Now => doc.get_all(obj, key),
        At::Heads(heads) => doc.get_all_at(obj, key, heads),
    }
    .unwrap_or_default()
}

/// Every concurrent value of a field, with the id of the operation that set
/// it (from which the actor, and so the device, follows).
pub(crate) fn all_scalars_at<D: ReadDoc>(
    doc: &D,
    at: At<'_>,
    obj: &ObjId,
    key: &str,
) -> Vec<(ScalarValue, ObjId)> {
    all_at(doc, at, obj, key)
        .into_iter()
        .filter_map(|(value, id)| match value {
            Value::Scalar(s) => Some((s.into_owned(), id)),
            Value::Object(_) => None,
        })
        .collect()
}

/// Every concurrent map under `key` in `obj` at `at`, by the ids of the
/// operations that made them.
pub(crate) fn all_maps_at<D: ReadDoc>(doc: &D, at: At<'_>, obj: &ObjId, key: &str) -> Vec<ObjId> {
    all_at(doc, at, obj, key)
        .into_iter()
        .filter_map(|(value, id)| match value {
            Value::Object(automerge::ObjType::Map) => Some(id),
            _ => None,
        })
        .collect()
}
