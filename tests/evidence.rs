//! Evidence attachments: `evidence::store` accepts files by their bytes,
//! stores them under their SHA-256 and never turns an uploaded name into a
//! path; entries reference them, `lock` seals them, `explain` lists them.

use crate::common;

use std::io::Write;

use chiso::answers::edit::{self, EditError, EntryEdit};
use chiso::diagnostic::Code;
use chiso::evidence::{self, EvidenceError, FileType};
use common::Ws;

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// A zip archive with the given entries (name, content).
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, content) in entries {
            z.start_file(*name, options).unwrap();
            z.write_all(content).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn types_are_told_by_their_bytes() {
    let ole = [
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
        &[0; 504],
    ]
    .concat();
    let docx = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w/>"),
    ]);
    let xlsx = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<x/>"),
    ]);
    let odt = zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<o/>"),
    ]);
    let cases: &[(&[u8], &str, Option<FileType>)] = &[
        (PDF, "a.docx", Some(FileType::Pdf)),
        (b"\x89PNG\r\n\x1a\n....", "a.pdf", Some(FileType::Png)),
        (b"\xFF\xD8\xFF\xE0..JFIF", "a", Some(FileType::Jpeg)),
        (&ole, "bien-ban.XLS", Some(FileType::Xls)),
        (&ole, "bao-cao.doc", Some(FileType::Doc)),
        (&docx, "a.pdf", Some(FileType::Docx)),
        (&xlsx, "a", Some(FileType::Xlsx)),
        (&odt, "a", Some(FileType::Odt)),
        // A zip that is no document, a program, a web page, text.
        (&zip(&[("a.txt", b"x")]), "a.docx", None),
        (b"MZ\x90\x00\x03", "a.pdf", None),
        (b"<html><script>", "a.pdf", None),
        (b"%PD", "a.pdf", None),
    ];
    for (bytes, name, expected) in cases {
        assert_eq!(evidence::sniff(bytes, name), *expected, "{name}");
    }
}

#[test]
fn an_upload_is_stored_under_its_hash_and_its_name_is_only_a_title() {
    let ws = Ws::fixture();
    let a = evidence::store(ws.root(), 2024, "A", "../../etc/Quyết định 12.pdf", PDF).unwrap();
    // SHA-256 of PDF, computed apart.
    let sha = chiso::sign::hex(&<sha2::Sha256 as sha2::Digest>::digest(PDF));
    assert_eq!(a.file, format!("{sha}.pdf"));
    assert_eq!(a.sha256, sha);
    assert_eq!(a.size, PDF.len() as u64);
    assert_eq!(a.title, "../../etc/Quyết định 12.pdf");
    let stored = ws.path(&format!("scores/2024/evidence/A/{sha}.pdf"));
    assert_eq!(std::fs::read(&stored).unwrap(), PDF);
    assert!(!ws.path("etc").exists() && !ws.path("scores/etc").exists());
    // NUL and line breaks become spaces; a long name is cut.
    let a = evidence::store(ws.root(), 2024, "A", "a\0b\nc.pdf", PDF).unwrap();
    assert_eq!(a.title, "a b c.pdf");
    let long = format!("{}.pdf", "x".repeat(300));
    let a = evidence::store(ws.root(), 2024, "A", &long, PDF).unwrap();
    assert_eq!(a.title.chars().count(), evidence::MAX_TITLE_CHARS);
    assert!(a.title.ends_with('…'));
    // Every upload of the same bytes is the one file, not written again.
    use std::os::unix::fs::MetadataExt;
    let inode = std::fs::metadata(&stored).unwrap().ino();
    evidence::store(ws.root(), 2024, "A", "again.pdf", PDF).unwrap();
    assert_eq!(std::fs::metadata(&stored).unwrap().ino(), inode);
    assert_eq!(
        std::fs::read_dir(ws.path("scores/2024/evidence/A"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn refused_uploads_write_nothing() {
    let ws = Ws::fixture();
    let too_large = [PDF, &vec![b' '; evidence::MAX_BYTES as usize]].concat();
    let refusals: Vec<(&str, &[u8])> = vec![
        ("A", b""),
        ("A", &too_large),
        ("A", b"MZ\x90\x00 not a document"),
        ("Z", PDF),
        ("../A", PDF),
    ];
    for (unit, bytes) in &refusals {
        let e = evidence::store(ws.root(), 2024, unit, "a.pdf", bytes).unwrap_err();
        let expected = match (*unit, bytes.len()) {
            ("Z" | "../A", _) => matches!(e, EvidenceError::UnknownUnit(_)),
            (_, 0) => matches!(e, EvidenceError::Empty),
            (_, n) if n as u64 > evidence::MAX_BYTES => matches!(
                e,
                EvidenceError::TooLarge {
                    limit: evidence::MAX_BYTES,
                    ..
                }
            ),
            _ => matches!(e, EvidenceError::NotAllowed),
        };
        assert!(expected, "{unit} {}: {e:?}", bytes.len());
    }
    assert!(!ws.path("scores/2024/evidence").exists());
    assert!(matches!(
        evidence::store(ws.root(), 2031, "A", "a.pdf", PDF),
        Err(EvidenceError::NoSuchYear(2031))
    ));
}

/// The fixture with a PDF stored for A and attached to its entry 1.1.
fn attached() -> (Ws, evidence::Attachment) {
    let ws = Ws::fixture();
    let a = evidence::store(ws.root(), 2024, "A", "QĐ 12.pdf", PDF).unwrap();
    let hash = edit::entry_hash(ws.root(), 2024, "A", "1.1").unwrap();
    let e = EntryEdit {
        attachments: Some(vec![a.clone()]),
        ..Default::default()
    };
    edit::set_entry(ws.root(), 2024, "A", "1.1", &e, &hash).unwrap();
    (ws, a)
}

#[test]
fn an_entry_references_its_attachments_and_loads_clean() {
    let (ws, a) = attached();
    let text = std::fs::read_to_string(ws.path("scores/2024/self/A.toml")).unwrap();
    assert!(
        text.contains(&format!(
            "[c.\"1.1\"]\npoints = 1.75\nexplanation = \"Đã bổ sung quyết định\"\nattachments = [{{ file = \"{}\", title = \"QĐ 12.pdf\", sha256 = \"{}\", size = {} }}]\n",
            a.file, a.sha256, a.size
        )),
        "{text}"
    );
    let model = ws.load();
    let attachment_codes = [
        Code::AttachmentMissing,
        Code::AttachmentName,
        Code::AttachmentSha256,
        Code::AttachmentSize,
        Code::AttachmentType,
    ];
    assert!(
        !model
            .diagnostics
            .items
            .iter()
            .any(|d| attachment_codes.contains(&d.code)),
        "{:?}",
        model.diagnostics.items
    );
    let sa = &model.self_assessments["A"];
    let listed: Vec<_> = sa
        .entries
        .iter()
        .flat_map(|e| e.attachments.iter().map(|(a, _)| a.clone()))
        .collect();
    assert_eq!(listed, std::slice::from_ref(&a));
    // explain lists it with the evidence.
    let (_, out, _) = common::chiso(ws.root(), &["--lang", "en", "explain", "2024", "A", "1.1"]);
    assert!(
        out.contains(&format!(
            "Attached files:\n    - QĐ 12.pdf ({}, {} bytes)\n",
            a.file, a.size
        )),
        "{out}"
    );
    // lock seals it with the other inputs.
    let inputs = chiso::lock::hash_inputs(ws.root(), 2024).unwrap();
    assert_eq!(
        inputs.get(&format!("scores/2024/evidence/A/{}", a.file)),
        Some(&a.sha256)
    );
}

#[test]
fn an_attachment_without_its_file_is_not_saved() {
    let ws = Ws::fixture();
    let mut a = evidence::store(ws.root(), 2024, "A", "x.pdf", PDF).unwrap();
    a.file = format!("{}.png", a.sha256);
    let hash = edit::entry_hash(ws.root(), 2024, "A", "1.2").unwrap();
    let e = EntryEdit {
        attachments: Some(vec![a]),
        ..Default::default()
    };
    let before = std::fs::read_to_string(ws.path("scores/2024/self/A.toml")).unwrap();
    let err = edit::set_entry(ws.root(), 2024, "A", "1.2", &e, &hash).unwrap_err();
    let EditError::Invalid(diags) = err else {
        panic!("{err:?}")
    };
    assert_eq!(diags[0].code, Code::AttachmentMissing);
    assert_eq!(
        std::fs::read_to_string(ws.path("scores/2024/self/A.toml")).unwrap(),
        before
    );
}

#[test]
fn an_attachment_counts_as_evidence() {
    // 1.1 asks for evidence; without the explanation, A's claim is unproven (W0606)…
    let ws = Ws::fixture().edit(
        "scores/2024/self/A.toml",
        "explanation = \"Đã bổ sung quyết định\"\n",
        "",
    );
    let unproven = |ws: &Ws| {
        ws.diagnostics()
            .iter()
            .any(|d| d.code == Code::MissingEvidence && d.unit.as_deref() == Some("A"))
    };
    assert!(unproven(&ws));
    // …until a file is attached.
    let a = evidence::store(ws.root(), 2024, "A", "QĐ.pdf", PDF).unwrap();
    let hash = edit::entry_hash(ws.root(), 2024, "A", "1.1").unwrap();
    let e = EntryEdit {
        attachments: Some(vec![a]),
        ..Default::default()
    };
    edit::set_entry(ws.root(), 2024, "A", "1.1", &e, &hash).unwrap();
    assert!(!unproven(&ws));
}

#[test]
fn an_upload_name_must_be_a_plain_name_of_at_most_200_characters() {
    use evidence::BadName;
    let long = "a".repeat(evidence::MAX_TITLE_CHARS + 1);
    let exact = "ă".repeat(evidence::MAX_TITLE_CHARS);
    let cases: &[(&str, Result<(), BadName>)] = &[
        ("Quyết định 12.pdf", Ok(())),
        (exact.as_str(), Ok(())),
        ("", Err(BadName::Empty)),
        ("  ", Err(BadName::Empty)),
        ("../../etc/a.pdf", Err(BadName::Path)),
        ("..\\a.pdf", Err(BadName::Path)),
        ("..", Err(BadName::Path)),
        ("a\0b.pdf", Err(BadName::Control)),
        ("a\nb.pdf", Err(BadName::Control)),
        (long.as_str(), Err(BadName::TooLong)),
    ];
    for (name, expected) in cases {
        assert_eq!(evidence::check_upload_name(name), *expected, "{name:?}");
    }
}

#[test]
fn attachments_are_added_and_removed_in_the_files_own_list() {
    let ws = Ws::fixture();
    let a = evidence::store(ws.root(), 2024, "A", "a.pdf", PDF).unwrap();
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), b"anh"].concat();
    let b = evidence::store(ws.root(), 2024, "A", "b.png", &png).unwrap();
    let path = "scores/2024/self/A.toml";
    let edit_with = |e: &EntryEdit| {
        let hash = edit::entry_hash(ws.root(), 2024, "A", "1.1").unwrap();
        edit::set_entry(ws.root(), 2024, "A", "1.1", e, &hash).unwrap()
    };
    let before = std::fs::read_to_string(ws.path(path)).unwrap();
    // Written as a table of the entry, as an editor may write it.
    let tables = before.replacen(
        "[c.\"1.1\"]\npoints = 1.75\n",
        &format!(
            "[c.\"1.1\"]\npoints = 1.75\n\n[[c.\"1.1\".attachments]]   # kept\nfile = \"{}\"\ntitle = \"a\"\nsha256 = \"{}\"\nsize = {}\n",
            a.file, a.sha256, a.size
        ),
        1,
    );
    assert_ne!(tables, before);
    std::fs::write(ws.path(path), &tables).unwrap();
    // Adding one already listed changes nothing; a new one is appended.
    let out = edit_with(&EntryEdit {
        attach: vec![a.clone()],
        ..Default::default()
    });
    assert!(!out.changed);
    edit_with(&EntryEdit {
        attach: vec![b.clone()],
        ..Default::default()
    });
    let text = std::fs::read_to_string(ws.path(path)).unwrap();
    assert!(
        text.contains("[[c.\"1.1\".attachments]]   # kept\nfile = "),
        "{text}"
    );
    assert_eq!(
        text.matches("[[c.\"1.1\".attachments]]").count(),
        2,
        "{text}"
    );
    assert!(text.contains(&format!("file = \"{}\"", b.file)));
    // Removing both leaves the file as it was before any.
    edit_with(&EntryEdit {
        detach: vec![b.file.clone()],
        ..Default::default()
    });
    assert_eq!(std::fs::read_to_string(ws.path(path)).unwrap(), tables);
    edit_with(&EntryEdit {
        detach: vec![a.file.clone()],
        ..Default::default()
    });
    let text = std::fs::read_to_string(ws.path(path)).unwrap();
    assert!(!text.contains("attachments"), "{text}");
}
