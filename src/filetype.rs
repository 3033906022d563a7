//! What a file is, told by its bytes (never by its name): the types accepted
//! as evidence (tài liệu kiểm chứng).

use std::io::Read;
use std::path::Path;

/// The types accepted, each told by its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    /// A legacy Office document (Word, Excel or PowerPoint 97–2003).
    Doc,
    Xls,
    Ppt,
    Png,
    Jpeg,
}

impl FileType {
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Docx => "docx",
            FileType::Xlsx => "xlsx",
            FileType::Pptx => "pptx",
            FileType::Odt => "odt",
            FileType::Ods => "ods",
            FileType::Odp => "odp",
            FileType::Doc => "doc",
            FileType::Xls => "xls",
            FileType::Ppt => "ppt",
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
        }
    }

    /// The media type a download is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileType::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            FileType::Odt => "application/vnd.oasis.opendocument.text",
            FileType::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileType::Odp => "application/vnd.oasis.opendocument.presentation",
            FileType::Doc => "application/msword",
            FileType::Xls => "application/vnd.ms-excel",
            FileType::Ppt => "application/vnd.ms-powerpoint",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
        }
    }
}

const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
const ZIP: &[u8] = b"PK\x03\x04";

/// What the bytes are, if an accepted type. `name` (the uploaded name) only
/// tells a legacy Office document's kind, which its container does not say
/// without reading it.
pub fn sniff(bytes: &[u8], name: &str) -> Option<FileType> {
    if bytes.starts_with(b"%PDF-") {
        return Some(FileType::Pdf);
    }
    if bytes.starts_with(PNG) {
        return Some(FileType::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileType::Jpeg);
    }
    if bytes.starts_with(OLE) {
        let ext = Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase());
        return Some(match ext.as_deref() {
            Some("xls") => FileType::Xls,
            Some("ppt") => FileType::Ppt,
            _ => FileType::Doc,
        });
    }
    if bytes.starts_with(ZIP) {
        return office_zip(bytes);
    }
    None
}

/// An OOXML or OpenDocument file, told by its parts: the central directory
/// is read, and of the entries only ODF's small `mimetype`.
fn office_zip(bytes: &[u8]) -> Option<FileType> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    if names.iter().any(|n| n == "[Content_Types].xml") {
        return if has("word/") {
            Some(FileType::Docx)
        } else if has("xl/") {
            Some(FileType::Xlsx)
        } else if has("ppt/") {
            Some(FileType::Pptx)
        } else {
            None
        };
    }
    let mut mimetype = String::new();
    zip.by_name("mimetype")
        .ok()?
        .take(100)
        .read_to_string(&mut mimetype)
        .ok()?;
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" => Some(FileType::Odt),
        "application/vnd.oasis.opendocument.spreadsheet" => Some(FileType::Ods),
        "application/vnd.oasis.opendocument.presentation" => Some(FileType::Odp),
        _ => None,
    }
}
