#![no_main]

//! Mutates workbooks. The seeds are stored uncompressed, so that mutations reach
//! the sheets' XML; each entry's CRC-32 is recomputed first, as the zip reader
//! rejects an entry whose checksum does not match.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut book = data.to_vec();
    fix_checksums(&mut book);
    chiso::fuzz::import_xlsx(&book);
});

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// For every central directory entry of a stored (uncompressed) file, writes
/// the CRC-32 of its data into the entry and into its local header.
fn fix_checksums(b: &mut [u8]) {
    let mut at = 0;
    while let Some(pos) = b[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let entry = at + pos;
        at = entry + 4;
        let (Some(method), Some(size), Some(local)) =
            (u16_at(b, entry + 10), u32_at(b, entry + 20), u32_at(b, entry + 42))
        else {
            return;
        };
        if method != 0 || b.get(local..local + 4) != Some(b"PK\x03\x04") {
            continue;
        }
        let (Some(name), Some(extra)) = (u16_at(b, local + 26), u16_at(b, local + 28)) else {
            continue;
        };
        let start = local + 30 + name + extra;
        let Some(content) = b.get(start..start.saturating_add(size)) else {
            continue;
        };
        let crc = crc32fast::hash(content).to_le_bytes();
        b[entry + 16..entry + 20].copy_from_slice(&crc);
        b[local + 14..local + 18].copy_from_slice(&crc);
    }
}
