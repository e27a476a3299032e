//! Zip files with stored (uncompressed) entries and fixed timestamps, so
//! that the same parts always give the same bytes: the Word export and the
//! archive package. Reading takes only such files, within size limits.

use std::io::{Read, Write};

use zip::write::SimpleFileOptions;

/// At most this many entries are read from a file.
const MAX_ENTRIES: usize = 256;

/// At most this many bytes are read from all entries together.
const MAX_TOTAL_BYTES: u64 = 1 << 30;

/// Writes `parts` (name, content) into a zip file, in order.
pub(crate) fn write<'a>(
    parts: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .large_file(false);
    for (name, content) in parts {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(content).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// Reads every entry (name, content) of a zip file, in the file's order.
/// Fails on a damaged file, a compressed entry, a name that could leave a
/// folder, and on more entries or bytes than a package holds.
pub(crate) fn read(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!("it holds {} entries", archive.len()));
    }
    let mut parts = Vec::with_capacity(archive.len());
    let mut budget = MAX_TOTAL_BYTES;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| e.to_string())?;
        let name = entry.name().map_err(|e| e.to_string())?.into_owned();
        if entry.enclosed_name().is_none() {
            return Err(format!("the entry name {name:?} leaves its folder"));
        }
        if entry.size() > budget {
            return Err("it is larger than a package can be".into());
        }
        let mut content = Vec::with_capacity(entry.size() as usize);
        (&mut entry)
            .take(budget)
            .read_to_end(&mut content)
            .map_err(|e| format!("{name}: {e}"))?;
        budget -= content.len() as u64;
        parts.push((name, content));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    #[test]
    fn what_is_written_reads_back_the_same_and_twice_gives_the_same_bytes() {
        let parts = [("a.txt", &b"one"[..]), ("b/c.bin", &[0u8, 1, 2][..])];
        let first = super::write(parts).unwrap();
        assert_eq!(first, super::write(parts).unwrap());
        let read = super::read(&first).unwrap();
        assert_eq!(read[0], ("a.txt".to_owned(), b"one".to_vec()));
        assert_eq!(read[1], ("b/c.bin".to_owned(), vec![0, 1, 2]));
    }

    #[test]
    fn a_damaged_file_is_refused() {
        let mut bytes = super::write([("a.txt", &b"one"[..])]).unwrap();
        let last = bytes.len() - 10;
        bytes.truncate(last);
        assert!(super::read(&bytes).is_err());
        assert!(super::read(b"not a zip").is_err());
    }
}
