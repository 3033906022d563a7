//! Signing keys of locked results (`chiso key new`, `lock --sign`, `verify`):
//! Ed25519, the private key in a PKCS#8 PEM file kept outside the workspace,
//! the public key as 64 hexadecimal digits (what `lock_public_key` in the
//! regulation and `verify --public-key` hold).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

/// Why a key cannot be used.
#[derive(Debug)]
pub enum KeyError {
    /// The key file would be (or is) inside the workspace, where anyone who can
    /// edit the results could read it.
    InsideWorkspace(PathBuf),
    /// The key file exists: a key is never overwritten.
    Exists(PathBuf),
    Io(PathBuf, std::io::Error),
    /// The key file cannot be read.
    Unreadable(PathBuf, std::io::Error),
    /// Not an Ed25519 private key in PKCS#8 PEM.
    NotAKey(PathBuf),
}

/// A new key pair from the operating system's randomness.
pub fn generate() -> SigningKey {
    SigningKey::generate(&mut rand_core::OsRng)
}

/// The public key as written in the regulation and in the lock.
pub fn public_hex(key: &VerifyingKey) -> String {
    hex(key.as_bytes())
}

/// A public key from its 64 hexadecimal digits.
pub fn parse_public(text: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(&unhex::<32>(text.trim())?).ok()
}

/// Whether `path` lies outside the workspace `root` (links resolved): a key
/// inside it could be read by anyone who can change the inputs.
fn outside_workspace(root: &Path, path: &Path) -> Result<(), KeyError> {
    // Not in a workspace at all (no criteria/ here or above): nothing to keep out of.
    if !root.join("criteria").is_dir() {
        return Ok(());
    }
    let absolute = |p: &Path| {
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let resolved = if path.exists() {
        absolute(path)
    } else {
        absolute(dir).join(path.file_name().unwrap_or_default())
    };
    if resolved.starts_with(absolute(root)) {
        return Err(KeyError::InsideWorkspace(path.to_path_buf()));
    }
    Ok(())
}

/// Writes a new private key to `path` (outside the workspace, never over an
/// existing file), readable by its owner only.
pub fn write_new(root: &Path, path: &Path, key: &SigningKey) -> Result<(), KeyError> {
    outside_workspace(root, path)?;
    let io = |e| KeyError::Io(path.to_path_buf(), e);
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(KeyError::Exists(path.to_path_buf()));
    }
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|_| KeyError::NotAKey(path.to_path_buf()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".chiso-key.").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(pem.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist_noclobber(path)
        .map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => KeyError::Exists(path.to_path_buf()),
            _ => KeyError::Io(path.to_path_buf(), e.error),
        })?;
    Ok(())
}

/// Reads a private key written by [`write_new`] (or `openssl genpkey -algorithm ed25519`).
pub fn read(root: &Path, path: &Path) -> Result<SigningKey, KeyError> {
    outside_workspace(root, path)?;
    let text =
        std::fs::read_to_string(path).map_err(|e| KeyError::Unreadable(path.to_path_buf(), e))?;
    SigningKey::from_pkcs8_pem(&text).map_err(|_| KeyError::NotAKey(path.to_path_buf()))
}

/// The signature of `message`, as hexadecimal digits.
pub fn sign(key: &SigningKey, message: &[u8]) -> String {
    hex(&key.sign(message).to_bytes())
}

/// Whether `signature` (hexadecimal digits) is `key`'s signature of `message`.
pub fn verify(key: &VerifyingKey, message: &[u8], signature: &str) -> bool {
    let Some(bytes) = unhex::<64>(signature) else {
        return false;
    };
    key.verify(message, &Signature::from_bytes(&bytes)).is_ok()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut bytes = [0u8; N];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(bytes)
}

/// Lower-case hexadecimal, as hashes, keys and signatures are written.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = std::fmt::Write::write_fmt(&mut s, format_args!("{b:02x}"));
    }
    s
}
