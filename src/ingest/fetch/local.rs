//! Local feeds (`file://` URLs and plain paths): read on the blocking pool up to the cap,
//! "not modified" while the file's mtime and length are unchanged.

use std::io::Read;
use std::path::Path;
use std::time::UNIX_EPOCH;

use url::Url;

use super::{FetchError, FetchResponse, Validators};

/// Reads a local feed (blocking: call on the blocking pool). "Not modified" when the file's
/// mtime and length match the fingerprint kept in `validators.etag`.
pub(super) fn read_local(
    path: &Path,
    validators: &Validators,
    max_bytes: u64,
) -> Result<FetchResponse, FetchError> {
    let shown = path.display().to_string();
    let io_error = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => FetchError::FileNotFound(shown.clone()),
        _ => FetchError::File {
            path: shown.clone(),
            reason: e.to_string(),
        },
    };
    // Checked before opening: opening a FIFO would block until something writes to it.
    if !std::fs::metadata(path).map_err(io_error)?.is_file() {
        return Err(FetchError::File {
            path: shown,
            reason: "not a regular file".to_string(),
        });
    }
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if !meta.is_file() {
        return Err(FetchError::File {
            path: shown,
            reason: "not a regular file".to_string(),
        });
    }
    let fingerprint = file_fingerprint(&meta);
    if validators.etag.as_deref() == Some(fingerprint.as_str()) {
        return Ok(FetchResponse::NotModified {
            validators: validators.clone(),
        });
    }
    if meta.len() > max_bytes {
        return Err(FetchError::TooLarge(max_bytes));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between stat and read: the cap is enforced on what is read.
    file.by_ref()
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > max_bytes {
        return Err(FetchError::TooLarge(max_bytes));
    }
    let final_url =
        Url::from_file_path(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
            .map(|u| u.to_string())
            .unwrap_or_else(|()| shown.clone());
    Ok(FetchResponse::Body {
        bytes,
        content_type: None,
        final_url,
        validators: Validators {
            etag: Some(fingerprint),
            last_modified: None,
        },
        permanent_redirect: None,
    })
}

fn file_fingerprint(meta: &std::fs::Metadata) -> String {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("file:{mtime}:{}", meta.len())
}
