//! Random ids and how users refer to things: full id, unique prefix or name.

use rand::RngCore;

use super::error::ModelError;

/// A new random id of `bytes` random bytes, as lowercase hex.
pub fn random_id(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// Bytes of randomness in an alliance id (32 hex characters).
pub const ALLIANCE_ID_BYTES: usize = 16;
/// Bytes of randomness in the id of an item inside an alliance.
pub const ITEM_ID_BYTES: usize = 8;

/// Resolves `query` against `(id, name)` candidates: an exact id wins, then a
/// unique id prefix, then an exact (case-insensitive) name when the
/// candidates have names.
pub fn resolve(
    what: &'static str,
    query: &str,
    candidates: &[(String, Option<String>)],
) -> Result<String, ModelError> {
    let query = query.trim();
    if query.is_empty() {
        return Err(ModelError::NotFound {
            what,
            query: query.to_owned(),
        });
    }
    if let Some((id, _)) = candidates.iter().find(|(id, _)| id == query) {
        return Ok(id.clone());
    }
    let by_prefix: Vec<&String> = candidates
        .iter()
        .map(|(id, _)| id)
        .filter(|id| id.starts_with(query))
        .collect();
    let by_name: Vec<&String> = candidates
        .iter()
        .filter(|(_, name)| {
            name.as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(query))
        })
        .map(|(id, _)| id)
        .collect();
    let matches = if by_prefix.is_empty() {
        by_name
    } else {
        by_prefix
    };
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(ModelError::NotFound {
            what,
            query: query.to_owned(),
        }),
        many => Err(ModelError::Ambiguous {
            what,
            query: query.to_owned(),
            candidates: many.iter().map(|id| (*id).clone()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates() -> Vec<(String, Option<String>)> {
        vec![
            ("abc123".into(), Some("Jeugd Noord".into())),
            ("abd456".into(), Some("Wonen en zorg".into())),
        ]
    }

    #[test]
    fn resolves_ids_prefixes_and_names() {
        assert_eq!(
            resolve("alliance", "abc123", &candidates()).ok(),
            Some("abc123".into())
        );
        assert_eq!(
            resolve("alliance", "abd", &candidates()).ok(),
            Some("abd456".into())
        );
        assert_eq!(
            resolve("alliance", "jeugd noord", &candidates()).ok(),
            Some("abc123".into())
        );
    }

    #[test]
    fn refuses_ambiguous_and_unknown() {
        assert!(matches!(
            resolve("alliance", "ab", &candidates()),
            Err(ModelError::Ambiguous { .. })
        ));
        assert!(matches!(
            resolve("alliance", "zz", &candidates()),
            Err(ModelError::NotFound { .. })
        ));
        assert!(matches!(
            resolve("alliance", " ", &candidates()),
            Err(ModelError::NotFound { .. })
        ));
    }

    #[test]
    fn ids_are_random_hex() {
        let id = random_id(ITEM_ID_BYTES);
        assert_eq!(id.len(), 16);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(id, random_id(ITEM_ID_BYTES));
    }
}
