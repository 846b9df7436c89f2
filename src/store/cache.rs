//! A binary copy of a large store, kept beside it as `<store>.cache`, so that opening it
//! does not wait for the RON parser (about 13 ms a megabyte; a 10,000-loan store is
//! 18 MB). The RON file stays the only record: the copy is read only when it was made
//! from exactly the bytes now in that file, by a build with the same schema, and
//! anything wrong with it (missing, stale, torn, unreadable) just means the RON is
//! parsed as before. Losing it loses nothing.

use super::schema::StoreData;
use std::fs;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128_with_seed};

/// Stores smaller than this parse in a few milliseconds: they get no cache file.
pub const MIN_CACHED_LEN: usize = 512 * 1024;

/// The file: this, the key of the RON bytes (u128), the checksum of the body (u64), then
/// the body (the data in postcard).
const MAGIC: &[u8; 8] = b"loandash";

/// Changes whenever the source of the types the copy encodes does: postcard is not
/// self-describing, so a copy written under another schema must never be decoded.
const SCHEMA_FINGERPRINT: u64 = xxhash_rust::const_xxh3::xxh3_64(
    concat!(
        env!("CARGO_PKG_VERSION"),
        include_str!("schema.rs"),
        include_str!("../loan.rs"),
        include_str!("../revolving.rs"),
        include_str!("../schedule.rs"),
    )
    .as_bytes(),
);

/// Where the copy of the store at `target` lives.
pub fn path(target: &Path) -> PathBuf {
    super::file::sibling(target, ".cache")
}

/// The data in the copy, when it was made from exactly `ron` (the store file's bytes).
pub fn read(target: &Path, ron: &[u8]) -> Option<StoreData> {
    let bytes = fs::read(path(target)).ok()?;
    let rest = bytes
        .strip_prefix(MAGIC)?
        .strip_prefix(&key(ron).to_le_bytes()[..])?;
    let (checksum, body) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*checksum) != xxh3_64(body) {
        return None;
    }
    let data: StoreData = postcard::from_bytes(body).ok()?;
    // The copy was valid when written; checking again costs little and keeps a damaged
    // or tampered copy from reaching the engine.
    data.validate().ok()?;
    Some(data)
}

/// Keep a copy of `data`, read from or saved as `ron`, when the store is large enough to
/// gain from it; otherwise remove any older copy. Best effort: a copy that cannot be
/// written is simply not there next time.
pub fn write(target: &Path, ron: &[u8], data: &StoreData) {
    let path = path(target);
    if ron.len() < MIN_CACHED_LEN {
        let _ = fs::remove_file(path);
        return;
    }
    let Ok(body) = postcard::to_stdvec(data) else {
        return;
    };
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&key(ron).to_le_bytes());
    bytes.extend_from_slice(&xxh3_64(&body).to_le_bytes());
    bytes.extend_from_slice(&body);
    if let Ok(temp) = super::file::synced_temp(&path, &bytes) {
        let _ = temp.persist(&path);
    }
}

fn key(ron: &[u8]) -> u128 {
    xxh3_128_with_seed(ron, SCHEMA_FINGERPRINT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::to_ron;

    fn large_store() -> (StoreData, String) {
        let data = crate::generate::generate(400, 3, "2026-11-23".parse().unwrap());
        let text = to_ron(&data).unwrap();
        assert!(text.len() >= MIN_CACHED_LEN, "{} bytes", text.len());
        (data, text)
    }

    #[test]
    fn the_copy_gives_back_exactly_the_data_it_was_made_from() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let (data, text) = large_store();
        write(&target, text.as_bytes(), &data);
        assert_eq!(read(&target, text.as_bytes()), Some(data));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(path(&target)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_copy_of_other_bytes_or_a_damaged_copy_is_never_used() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let (data, text) = large_store();
        write(&target, text.as_bytes(), &data);
        // The store was edited by hand: one amount differs.
        let edited = text.replacen("amount: \"", "amount: \"1", 1);
        assert_eq!(read(&target, edited.as_bytes()), None);
        // The copy was cut short (a crash mid-write on a filesystem without ordering).
        let full = fs::read(path(&target)).unwrap();
        fs::write(path(&target), &full[..full.len() / 2]).unwrap();
        assert_eq!(read(&target, text.as_bytes()), None);
        // A bit flipped in the body (which could still decode): the checksum differs.
        let mut flipped = full.clone();
        flipped[full.len() / 2] ^= 0x01;
        fs::write(path(&target), &flipped).unwrap();
        assert_eq!(read(&target, text.as_bytes()), None);
    }

    #[test]
    fn a_small_store_gets_no_copy_and_loses_an_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("loans.ron");
        let (data, text) = large_store();
        write(&target, text.as_bytes(), &data);
        assert!(path(&target).exists());
        let small = crate::generate::generate(5, 3, "2026-11-23".parse().unwrap());
        write(&target, to_ron(&small).unwrap().as_bytes(), &small);
        assert!(!path(&target).exists());
    }
}
