//! Reading the files the commands are given, with bounds and messages an
//! administrator can act on.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use consent_banner::check::Problem;

/// The largest file read (registries and policy documents are far smaller;
/// a real registry of a thousand cookies is about 200 KB).
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file could not be read: the command exits with 2.
#[derive(Debug)]
pub enum FileError {
    /// No such file, no permission, or another I/O error.
    Io(PathBuf, std::io::Error),
    /// A directory where a file was expected.
    Directory(PathBuf),
    /// Larger than [`MAX_BYTES`].
    TooLarge(PathBuf, u64),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Io(p, e) => write!(f, "{}: cannot be read: {e}", p.display()),
            FileError::Directory(p) => write!(f, "{}: is a directory; give the path of a file", p.display()),
            FileError::TooLarge(p, n) => write!(
                f,
                "{}: is {n} bytes, over the limit of {MAX_BYTES} bytes ({} MiB); is it the right file?",
                p.display(),
                MAX_BYTES / 1024 / 1024
            ),
        }
    }
}

/// The bytes of `path`, at most [`MAX_BYTES`] of them.
pub fn read(path: &Path) -> Result<Vec<u8>, FileError> {
    let io = |e| FileError::Io(path.to_owned(), e);
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(FileError::Directory(path.to_owned()));
    }
    if meta.len() > MAX_BYTES {
        return Err(FileError::TooLarge(path.to_owned(), meta.len()));
    }
    // The size can change between the two calls (or be unknown, for a pipe):
    // read one byte past the limit to notice.
    let mut bytes = Vec::new();
    std::fs::File::open(path).map_err(io)?.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(FileError::TooLarge(path.to_owned(), bytes.len() as u64));
    }
    Ok(bytes)
}

/// One registry problem as every command prints it: `FILE: PATH: message [CODE]`.
pub fn problem_line(file: &Path, p: &Problem) -> String {
    format!("{}: {}: {} [{}]", file.display(), p.path, p.message(), p.code.as_str())
}
