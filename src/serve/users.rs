//! The users of the service: an htpasswd file with bcrypt hashes (`htpasswd -B`, Apache's and
//! nginx's convention), checked against HTTP Basic credentials.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, thiserror::Error)]
pub enum UsersError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Line {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}: no users")]
    Empty(PathBuf),
}

/// The users and their bcrypt hashes. A verified password is remembered by its digest, so a
/// client polling every few seconds costs one bcrypt (a tenth of a second by design) once.
pub struct Users {
    hashes: HashMap<String, String>,
    verified: Mutex<HashMap<String, Vec<u8>>>,
}

impl Users {
    pub fn load(path: &Path) -> Result<Users, UsersError> {
        let text = std::fs::read_to_string(path).map_err(|source| UsersError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut hashes = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |message: &str| UsersError::Line {
                path: path.to_path_buf(),
                line: n + 1,
                message: message.to_string(),
            };
            let (user, hash) = line.split_once(':').ok_or_else(|| bad("not USER:HASH"))?;
            if !["$2y$", "$2b$", "$2a$"].iter().any(|p| hash.starts_with(p)) {
                return Err(bad(
                    "not a bcrypt hash ($2y$/$2b$): create the file with `htpasswd -B`",
                ));
            }
            if user.is_empty() || hashes.insert(user.to_string(), hash.to_string()).is_some() {
                return Err(bad("an empty or repeated user name"));
            }
        }
        if hashes.is_empty() {
            return Err(UsersError::Empty(path.to_path_buf()));
        }
        Ok(Users {
            hashes,
            verified: Mutex::new(HashMap::new()),
        })
    }

    /// The user an `Authorization: Basic …` header names, if its password is right.
    pub fn authenticate(&self, header: Option<&str>) -> Option<String> {
        let encoded = header?.strip_prefix("Basic ")?.trim();
        let decoded = data_encoding::BASE64.decode(encoded.as_bytes()).ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (user, password) = text.split_once(':')?;
        let hash = self.hashes.get(user)?;
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, password.as_bytes())
            .as_ref()
            .to_vec();
        if let Ok(verified) = self.verified.lock()
            && verified.get(user) == Some(&digest)
        {
            return Some(user.to_string());
        }
        if !bcrypt::verify(password, hash).unwrap_or(false) {
            return None;
        }
        if let Ok(mut verified) = self.verified.lock() {
            verified.insert(user.to_string(), digest);
        }
        Some(user.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htpasswd_bcrypt_lines_authenticate_their_user_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("users");
        // `htpasswd -nbB alice secret` writes $2y$; bcrypt writes $2b$: both are read.
        let alice = bcrypt::hash_with_result("secret", 4)
            .unwrap()
            .format_for_version(bcrypt::Version::TwoY);
        let bob = bcrypt::hash("other", 4).unwrap();
        std::fs::write(&path, format!("# users\nalice:{alice}\nbob:{bob}\n")).unwrap();
        let users = Users::load(&path).unwrap();
        let basic = |u: &str, p: &str| {
            format!(
                "Basic {}",
                data_encoding::BASE64.encode(format!("{u}:{p}").as_bytes())
            )
        };
        assert_eq!(
            users
                .authenticate(Some(&basic("alice", "secret")))
                .as_deref(),
            Some("alice")
        );
        assert_eq!(
            users
                .authenticate(Some(&basic("alice", "secret")))
                .as_deref(),
            Some("alice")
        );
        assert_eq!(users.authenticate(Some(&basic("alice", "other"))), None);
        assert_eq!(
            users.authenticate(Some(&basic("bob", "other"))).as_deref(),
            Some("bob")
        );
        assert_eq!(users.authenticate(Some(&basic("carol", "x"))), None);
        assert_eq!(users.authenticate(None), None);
        std::fs::write(&path, "alice:{SHA}abc\n").unwrap();
        let refused = Users::load(&path).err().unwrap().to_string();
        assert!(refused.contains("htpasswd -B"), "{refused}");
    }
}
