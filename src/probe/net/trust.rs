//! The trust decision every TLS client in pastoe shares: which roots count, and a certificate
//! verifier that records what a browser-like verifier would say instead of refusing the
//! connection.
//!
//! A scanner must finish handshakes with servers whose certificates are bad, or it cannot
//! measure anything else about them (headers behind an expired certificate still count, and
//! the bad chain itself is the evidence). So [`RecordingVerifier`] runs the same two checks
//! as rustls's `WebPkiServerVerifier` (chain to a root within its validity period, then the
//! server name), keeps both verdicts, and lets the handshake go on. Handshake signatures are
//! still verified: a peer that cannot prove possession of the key does not get a session.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{verify_server_cert_signed_by_trust_anchor, verify_server_name};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::facts::TrustErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum TrustSetupError {
    #[error("cannot read CA file {path}: {message}")]
    CaFile { path: PathBuf, message: String },
    #[error("cannot set up TLS: {0}")]
    Tls(String),
}

/// Roots and crypto provider for one scan: Mozilla's roots (via `webpki-root-certs`, so the
/// verdict does not depend on the scanning machine) plus an optional PEM bundle, for roots
/// such as Staat der Nederlanden that Mozilla does not carry.
#[derive(Debug, Clone)]
pub struct TrustStore {
    roots: Arc<RootCertStore>,
    provider: Arc<CryptoProvider>,
}

impl TrustStore {
    pub fn new(ca_file: Option<&Path>) -> Result<TrustStore, TrustSetupError> {
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned());
        if let Some(path) = ca_file {
            for cert in read_pem_certificates(path)? {
                roots.add(cert).map_err(|e| TrustSetupError::CaFile {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })?;
            }
        }
        Ok(TrustStore {
            roots: Arc::new(roots),
            provider: Arc::new(rustls::crypto::aws_lc_rs::default_provider()),
        })
    }

    /// A fresh verifier over these roots. One per connection gives that connection's verdict
    /// without interference from concurrent handshakes to the same name; one per client keeps
    /// the latest verdict per name.
    pub fn recording_verifier(&self) -> RecordingVerifier {
        RecordingVerifier {
            roots: self.roots.clone(),
            algorithms: self.provider.signature_verification_algorithms,
            seen: Mutex::default(),
        }
    }

    /// A client configuration offering TLS 1.3 and 1.2 with the provider's default groups
    /// (X25519MLKEM768 first), verifying through `verifier`.
    pub fn client_config(
        &self,
        verifier: Arc<RecordingVerifier>,
    ) -> Result<rustls::ClientConfig, TrustSetupError> {
        Ok(
            rustls::ClientConfig::builder_with_provider(self.provider.clone())
                .with_safe_default_protocol_versions()
                .map_err(|e| TrustSetupError::Tls(e.to_string()))?
                .dangerous()
                .with_custom_certificate_verifier(verifier)
                .with_no_client_auth(),
        )
    }
}

fn read_pem_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TrustSetupError> {
    let err = |message: String| TrustSetupError::CaFile {
        path: path.to_path_buf(),
        message,
    };
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| err(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| err(e.to_string()))?;
    if certs.is_empty() {
        return Err(err("no PEM certificate in the file".into()));
    }
    Ok(certs)
}

/// What the verifier concluded about one presented chain.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The chain check: a path to a trusted root, every certificate within its validity
    /// period, signatures and usages correct. No revocation checking.
    pub chain: Result<(), rustls::Error>,
    /// webpki's server-name check of the leaf.
    pub name: Result<(), rustls::Error>,
    /// The stapled OCSP response, empty when none was stapled.
    pub ocsp_response: Vec<u8>,
}

impl Verdict {
    /// What `WebPkiServerVerifier` would have refused the connection with: the chain error
    /// first, then the name error, as it checks them in that order.
    pub fn error(&self) -> Option<&rustls::Error> {
        self.chain.as_ref().err().or(self.name.as_ref().err())
    }
}

/// Classify a verifier error; `leaf_self_issued` separates a self-signed leaf from a
/// chain that merely lacks its intermediate.
pub fn classify_trust_error(error: &rustls::Error, leaf_self_issued: bool) -> TrustErrorKind {
    let rustls::Error::InvalidCertificate(cert) = error else {
        return TrustErrorKind::Other;
    };
    match cert {
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            TrustErrorKind::Expired
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            TrustErrorKind::NotYetValid
        }
        CertificateError::UnknownIssuer if leaf_self_issued => TrustErrorKind::SelfSigned,
        CertificateError::UnknownIssuer => TrustErrorKind::UnknownIssuer,
        CertificateError::BadSignature => TrustErrorKind::BadSignature,
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            TrustErrorKind::NameMismatch
        }
        _ => TrustErrorKind::Other,
    }
}

/// Verifies like a browser, records the [`Verdict`] per server name and lets the handshake go
/// on, so a site with a bad certificate is still measured.
#[derive(Debug)]
pub struct RecordingVerifier {
    roots: Arc<RootCertStore>,
    algorithms: WebPkiSupportedAlgorithms,
    seen: Mutex<HashMap<String, Verdict>>,
}

impl RecordingVerifier {
    /// The latest verdict for `server_name` (as given to the connection), if a certificate
    /// was presented for it.
    pub fn verdict(&self, server_name: &str) -> Option<Verdict> {
        self.seen.lock().ok()?.get(server_name).cloned()
    }
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = match ParsedCertificate::try_from(end_entity) {
            Ok(cert) => Verdict {
                chain: verify_server_cert_signed_by_trust_anchor(
                    &cert,
                    &self.roots,
                    intermediates,
                    now,
                    self.algorithms.all,
                ),
                name: verify_server_name(&cert, server_name),
                ocsp_response: ocsp_response.to_vec(),
            },
            Err(e) => Verdict {
                chain: Err(e.clone()),
                name: Err(e),
                ocsp_response: ocsp_response.to_vec(),
            },
        };
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(server_name.to_str().into_owned(), verdict);
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ca_file_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificates here\n").unwrap();
        let err = TrustStore::new(Some(&empty)).unwrap_err();
        assert!(matches!(&err, TrustSetupError::CaFile { path, .. } if path == &empty));
        assert!(err.to_string().contains("no PEM certificate"));

        let missing = dir.path().join("missing.pem");
        assert!(matches!(
            TrustStore::new(Some(&missing)),
            Err(TrustSetupError::CaFile { .. })
        ));
    }

    #[test]
    fn classification() {
        let cert = |e| rustls::Error::InvalidCertificate(e);
        assert_eq!(
            classify_trust_error(&cert(CertificateError::Expired), false),
            TrustErrorKind::Expired
        );
        assert_eq!(
            classify_trust_error(&cert(CertificateError::UnknownIssuer), true),
            TrustErrorKind::SelfSigned
        );
        assert_eq!(
            classify_trust_error(&cert(CertificateError::UnknownIssuer), false),
            TrustErrorKind::UnknownIssuer
        );
        assert_eq!(
            classify_trust_error(&cert(CertificateError::NotValidForName), false),
            TrustErrorKind::NameMismatch
        );
        assert_eq!(
            classify_trust_error(&rustls::Error::DecryptError, false),
            TrustErrorKind::Other
        );
        assert_eq!(
            serde_json::to_string(&TrustErrorKind::NotYetValid).unwrap(),
            "\"not_yet_valid\""
        );
    }
}
