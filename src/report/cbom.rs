//! The cryptographic inventory of one scan as a CycloneDX 1.6 CBOM (`--format cbom`).
//!
//! Only what was observed, as components: per TLS endpoint and supported version a `protocol`
//! (CycloneDX 1.6 gives a protocol one version), with its accepted cipher suites and the groups
//! and certificates it used; the `algorithm`s those name, each once (see [`algorithms`]); each
//! certificate of an observed chain with its subject key (`related-crypto-material`); and per
//! DNS zone its DNSSEC algorithms as a protocol of type `other`. Components that refer to others
//! list them again under `dependencies` (`dependsOn`), so a consumer can walk the graph without
//! knowing each asset type's reference fields. No verdicts: judging is the rules' business.
//!
//! Schema: <https://cyclonedx.org/docs/1.6/json/> (`bom-1.6.schema.json`); checked by
//! `fixtures/oracles/cbom-validate`.

mod algorithms;

pub use algorithms::{Algorithm, algorithm};

use std::collections::HashSet;

use data_encoding::HEXLOWER;
use serde::{Deserialize, Serialize};

use super::ScanDocument;
use crate::facts::{
    DnssecFacts, FactsDocument, SshEndpointFacts, TlsEndpointFacts, TlsTransportKind,
};
use crate::wire::tls::cert::{CertificateFacts, vocabulary};
use crate::wire::tls::iana::{
    Authentication, BulkCipher, CipherMode, CipherSuite, KeyExchange, MacHash, ProtocolVersion,
};

/// The CycloneDX version this module writes.
pub const SPEC_VERSION: &str = "1.6";

/// A CycloneDX BOM holding only cryptographic assets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cbom {
    /// Always `CycloneDX`.
    pub bom_format: String,
    pub spec_version: String,
    /// `urn:uuid:` of a name-based UUID (RFC 9562 version 5) of the organisation, the scanned
    /// domains and the scan's start and end: the same facts give the same BOM.
    pub serial_number: String,
    pub version: u32,
    pub metadata: Metadata,
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// When the scan finished (RFC 3339).
    pub timestamp: String,
    pub lifecycles: Vec<Lifecycle>,
    pub tools: Tools,
    /// The organisation whose services were scanned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<OrganizationalEntity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
}

/// `discovery`: "information observed through network discovery" (CycloneDX 1.6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lifecycle {
    pub phase: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tools {
    pub components: Vec<ToolComponent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolComponent {
    #[serde(rename = "type")]
    pub kind: ComponentType,
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationalEntity {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    pub name: String,
    pub value: String,
}

impl Property {
    fn new(name: &str, value: impl ToString) -> Property {
        Property {
            name: format!("pastoe:{name}"),
            value: value.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentType {
    Application,
    CryptographicAsset,
}

/// One cryptographic asset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    #[serde(rename = "type")]
    pub kind: ComponentType,
    #[serde(rename = "bom-ref")]
    pub bom_ref: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
    pub crypto_properties: CryptoProperties,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hash {
    pub alg: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CryptoProperties {
    pub asset_type: AssetType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm_properties: Option<AlgorithmProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_properties: Option<CertificateProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_crypto_material_properties: Option<RelatedCryptoMaterialProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_properties: Option<ProtocolProperties>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oid: Option<String>,
}

impl CryptoProperties {
    fn new(asset_type: AssetType) -> CryptoProperties {
        CryptoProperties {
            asset_type,
            algorithm_properties: None,
            certificate_properties: None,
            related_crypto_material_properties: None,
            protocol_properties: None,
            oid: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssetType {
    Algorithm,
    Certificate,
    Protocol,
    RelatedCryptoMaterial,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlgorithmProperties {
    pub primitive: Primitive,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_set_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curve: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crypto_functions: Vec<CryptoFunction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nist_quantum_security_level: Option<u8>,
}

/// The CycloneDX 1.6 primitives pastoe reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Primitive {
    BlockCipher,
    StreamCipher,
    Signature,
    Hash,
    Pke,
    KeyAgree,
    Kem,
    Ae,
    Mac,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CryptoFunction {
    Keygen,
    Encrypt,
    Decrypt,
    Digest,
    Tag,
    Keyderive,
    Sign,
    Verify,
    Encapsulate,
    Decapsulate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Cbc,
    Ccm,
    Gcm,
    Ctr,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateProperties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_valid_before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_valid_after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_algorithm_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_public_key_ref: Option<String>,
    pub certificate_format: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedCryptoMaterialProperties {
    #[serde(rename = "type")]
    pub kind: MaterialType,
    pub algorithm_ref: String,
    /// Key size in bits, where the key has one apart from its algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MaterialType {
    PublicKey,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProtocolProperties {
    #[serde(rename = "type")]
    pub kind: ProtocolType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cipher_suites: Vec<CipherSuiteEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crypto_ref_array: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProtocolType {
    Tls,
    Ssh,
    /// DNSSEC, which CycloneDX 1.6 does not list.
    Other,
}

/// A cipher suite as CycloneDX names it (`cipherSuite`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CipherSuiteEntry {
    pub name: String,
    pub algorithms: Vec<String>,
    /// The codepoint, `0x1301`.
    pub identifiers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dependency {
    #[serde(rename = "ref")]
    pub reference: String,
    pub depends_on: Vec<String>,
}

/// The CBOM of one scan: one organisation, every domain in `facts`. `doc` gives what the command
/// line may override (organisation id and name) and the tool.
pub fn cbom(facts: &FactsDocument, doc: &ScanDocument) -> Cbom {
    let mut inventory = Inventory::default();
    for domain in &facts.domains {
        let mail = domain.mail_servers.iter().flat_map(|m| m.tls.iter());
        for endpoint in domain.web.tls.iter().chain(mail) {
            inventory.tls_endpoint(&domain.domain, endpoint);
        }
        for endpoint in domain.ssh.iter().filter(|e| e.error.is_none()) {
            inventory.ssh_endpoint(&domain.domain, endpoint);
        }
        if let Some(dnssec) = &domain.dns.dnssec {
            inventory.dnssec(dnssec);
        }
    }
    let domains: Vec<&str> = facts.domains.iter().map(|d| d.domain.as_str()).collect();
    let mut properties: Vec<Property> = doc
        .organisation
        .iter()
        .map(|id| Property::new("organisation", id))
        .collect();
    properties.extend(domains.iter().map(|d| Property::new("domain", d)));
    let serial_name = [
        doc.organisation.as_deref().unwrap_or_default(),
        &domains.join(","),
        &facts.started_at,
        &facts.finished_at,
    ]
    .join("\n");
    Cbom {
        bom_format: "CycloneDX".into(),
        spec_version: SPEC_VERSION.into(),
        serial_number: format!("urn:uuid:{}", uuid_v5(&serial_name)),
        version: 1,
        metadata: Metadata {
            timestamp: facts.finished_at.clone(),
            lifecycles: vec![Lifecycle {
                phase: "discovery".into(),
            }],
            tools: Tools {
                components: vec![ToolComponent {
                    kind: ComponentType::Application,
                    name: doc.tool.name.clone(),
                    version: doc.tool.version.clone(),
                }],
            },
            supplier: doc
                .organisation_name
                .as_ref()
                .or(doc.organisation.as_ref())
                .map(|name| OrganizationalEntity { name: name.clone() }),
            properties,
        },
        components: inventory.components,
        dependencies: inventory.dependencies,
    }
}

/// The components collected so far, each bom-ref once.
#[derive(Default)]
struct Inventory {
    components: Vec<Component>,
    dependencies: Vec<Dependency>,
    refs: HashSet<String>,
}

impl Inventory {
    /// Add `component` unless its bom-ref is already there, with a dependency entry for the
    /// components it refers to.
    fn add(&mut self, component: Component, depends_on: Vec<String>) {
        if !self.refs.insert(component.bom_ref.clone()) {
            return;
        }
        if !depends_on.is_empty() {
            self.dependencies.push(Dependency {
                reference: component.bom_ref.clone(),
                depends_on,
            });
        }
        self.components.push(component);
    }

    /// The bom-ref of an algorithm, adding it (and a hybrid's parts) the first time.
    fn algorithm(&mut self, algorithm: Algorithm) -> String {
        let bom_ref = format!("crypto/algorithm/{}", algorithm.name);
        if !self.refs.contains(&bom_ref) {
            let parts = algorithm
                .parts
                .iter()
                .map(|p| self.algorithm(algorithms::algorithm(p)))
                .collect();
            let mut properties = CryptoProperties::new(AssetType::Algorithm);
            properties.algorithm_properties = Some(algorithm.properties);
            properties.oid = algorithm.oid;
            self.add(
                asset(bom_ref.clone(), algorithm.name, properties, Vec::new()),
                parts,
            );
        }
        bom_ref
    }

    /// One protocol component per supported version of the endpoint.
    fn tls_endpoint(&mut self, domain: &str, endpoint: &TlsEndpointFacts) {
        let transport = transport_name(endpoint.transport);
        let socket = std::net::SocketAddr::new(endpoint.address, endpoint.port);
        let properties = || {
            vec![
                Property::new("domain", domain),
                Property::new("host", &endpoint.host),
                Property::new("address", endpoint.address),
                Property::new("port", endpoint.port),
                Property::new("transport", transport),
            ]
        };
        for version in endpoint.supported_versions() {
            let mut uses = Uses::default();
            let accepted = endpoint
                .suites
                .iter()
                .filter(|s| s.version == version)
                .flat_map(|s| s.accepted.iter().copied());
            let mut cipher_suites = Vec::new();
            let (mut ecdhe, mut dhe) = (false, false);
            for suite in accepted {
                let info = suite.info();
                ecdhe |= info.is_some_and(|i| kx_family(i.kx) == Some("ECDH"));
                dhe |= info.is_some_and(|i| kx_family(i.kx) == Some("FFDH"));
                let algorithms: Vec<String> = suite_algorithms(suite)
                    .into_iter()
                    .map(|a| self.algorithm(a))
                    .collect();
                uses.extend(algorithms.iter().cloned());
                cipher_suites.push(CipherSuiteEntry {
                    name: suite.to_string(),
                    algorithms,
                    identifiers: vec![format!("0x{:04X}", suite.0)],
                });
            }
            let groups = self.groups(endpoint, version, ecdhe, dhe);
            uses.extend(groups);
            let chain = endpoint
                .chain
                .as_ref()
                .filter(|_| chain_version(endpoint) == Some(version));
            for cert in chain.iter().flat_map(|c| &c.certificates) {
                uses.push(self.certificate(cert));
            }
            let version_name = version.to_string();
            let mut crypto = CryptoProperties::new(AssetType::Protocol);
            crypto.protocol_properties = Some(ProtocolProperties {
                kind: ProtocolType::Tls,
                version: Some(protocol_version(&version_name).to_string()),
                cipher_suites,
                crypto_ref_array: uses.0.clone(),
            });
            let component = asset(
                format!(
                    "crypto/protocol/tls/{transport}/{}/{socket}/{version_name}",
                    endpoint.host
                ),
                format!("{version_name} {} {socket}", endpoint.host),
                crypto,
                properties(),
            );
            self.add(component, uses.0);
        }
    }

    /// The key-exchange groups the endpoint accepted at `version`: the TLS 1.3 groups, or
    /// below 1.3 the ECDHE curves and the DHE group when a suite of that kind was accepted.
    fn groups(
        &mut self,
        endpoint: &TlsEndpointFacts,
        version: ProtocolVersion,
        ecdhe: bool,
        dhe: bool,
    ) -> Vec<String> {
        let kx = &endpoint.key_exchange;
        let mut groups: Vec<Algorithm> = Vec::new();
        if version == ProtocolVersion::TLSV1_3 {
            groups.extend(kx.tls13_supported().map(|g| algorithm(&g.to_string())));
        } else {
            if ecdhe {
                groups.extend(kx.tls12_curves.iter().map(|g| algorithm(&g.to_string())));
            }
            if let Some(observed) = kx.dhe.as_ref().filter(|_| dhe) {
                let named = observed
                    .known_group
                    .and_then(|k| k.info().named_group)
                    .map(|g| algorithm(&g.to_string()));
                groups.push(
                    named.unwrap_or_else(|| algorithm("FFDH").with_parameter_set(observed.p_bits)),
                );
            }
        }
        groups.into_iter().map(|g| self.algorithm(g)).collect()
    }

    /// A certificate, its signature algorithm and its subject key, each once.
    fn certificate(&mut self, cert: &CertificateFacts) -> String {
        let bom_ref = format!("crypto/certificate/sha256:{}", cert.sha256);
        if self.refs.contains(&bom_ref) {
            return bom_ref;
        }
        let parsed = cert.parse_error.is_none();
        let (signature, key) = if parsed {
            let signature = algorithm(&cert.signature.name).known_as(Primitive::Signature);
            let signature = Algorithm {
                oid: Some(cert.signature.oid.clone()),
                ..signature
            };
            (Some(self.algorithm(signature)), Some(self.public_key(cert)))
        } else {
            (None, None)
        };
        let present = |s: &String| Some(s.clone()).filter(|s| !s.is_empty());
        let mut crypto = CryptoProperties::new(AssetType::Certificate);
        crypto.certificate_properties = Some(CertificateProperties {
            subject_name: present(&cert.subject),
            issuer_name: present(&cert.issuer),
            not_valid_before: present(&cert.not_before),
            not_valid_after: present(&cert.not_after),
            signature_algorithm_ref: signature.clone(),
            subject_public_key_ref: key.clone(),
            certificate_format: "X.509".into(),
        });
        let name = cert
            .common_name
            .clone()
            .or_else(|| present(&cert.subject))
            .unwrap_or_else(|| cert.sha256.clone());
        let mut component = asset(bom_ref.clone(), name, crypto, Vec::new());
        component.hashes = vec![Hash {
            alg: "SHA-256".into(),
            content: cert.sha256.clone(),
        }];
        self.add(component, signature.into_iter().chain(key).collect());
        bom_ref
    }

    /// The subject public key of a certificate, as related crypto material.
    fn public_key(&mut self, cert: &CertificateFacts) -> String {
        let key = &cert.key;
        // EdDSA, ML-DSA, SLH-DSA and composite keys are named by their signature OID.
        let algorithm = match (vocabulary::signature_name(&key.oid), key.algorithm.as_str()) {
            (Some(name), _) => algorithm(name),
            (None, "ec") => match &key.curve {
                Some(curve) => algorithm("ec").with_curve(curve),
                None => algorithm("ec"),
            },
            (None, class) => match key.bits {
                Some(bits) => algorithm(class).with_parameter_set(bits),
                None => algorithm(class),
            },
        };
        let name = algorithm.name.clone();
        let algorithm_ref = self.algorithm(algorithm);
        let bom_ref = format!("crypto/public-key/sha256:{}", cert.sha256);
        let mut crypto = CryptoProperties::new(AssetType::RelatedCryptoMaterial);
        crypto.related_crypto_material_properties = Some(RelatedCryptoMaterialProperties {
            kind: MaterialType::PublicKey,
            algorithm_ref: algorithm_ref.clone(),
            size: key.bits,
        });
        crypto.oid = Some(key.oid.clone());
        self.add(
            asset(bom_ref.clone(), name, crypto, Vec::new()),
            vec![algorithm_ref],
        );
        bom_ref
    }

    /// An SSH server's key exchange methods, as its KEXINIT listed them (names that are not
    /// key exchange methods, such as `ext-info-s`, left out).
    fn ssh_endpoint(&mut self, domain: &str, endpoint: &SshEndpointFacts) {
        let socket = std::net::SocketAddr::new(endpoint.address, endpoint.port);
        let mut uses = Uses::default();
        for method in crate::wire::ssh::key_exchange_methods(&endpoint.kex_algorithms) {
            uses.push(self.algorithm(algorithm(method)));
        }
        let mut crypto = CryptoProperties::new(AssetType::Protocol);
        crypto.protocol_properties = Some(ProtocolProperties {
            kind: ProtocolType::Ssh,
            version: Some("2.0".into()),
            cipher_suites: Vec::new(),
            crypto_ref_array: uses.0.clone(),
        });
        let mut properties = vec![
            Property::new("domain", domain),
            Property::new("host", &endpoint.host),
            Property::new("address", endpoint.address),
            Property::new("port", endpoint.port),
        ];
        properties.extend(
            endpoint
                .server_version
                .iter()
                .map(|v| Property::new("server_version", v)),
        );
        let component = asset(
            format!("crypto/protocol/ssh/{}/{socket}", endpoint.host),
            format!("SSH {} {socket}", endpoint.host),
            crypto,
            properties,
        );
        self.add(component, uses.0);
    }

    /// The DNSSEC algorithms of a zone: its DNSKEY algorithms and its DS digest types.
    fn dnssec(&mut self, dnssec: &DnssecFacts) {
        let zone = dnssec.zone.as_deref().unwrap_or(&dnssec.name);
        let named = |table: &[(u8, &'static str)], number: u8, unknown: &str| {
            table
                .iter()
                .find(|(n, _)| *n == number)
                .map(|(_, name)| algorithm(name))
                .unwrap_or_else(|| algorithm(&format!("{unknown}-{number}")))
        };
        let keys = dnssec.dnskey_algorithms.iter().map(|n| {
            named(
                crate::wire::dnssec::DNSSEC_ALGORITHMS,
                *n,
                "DNSSEC-algorithm",
            )
            .known_as(Primitive::Signature)
        });
        let digests = dnssec
            .ds_digest_types
            .iter()
            .map(|n| named(DS_DIGESTS, *n, "DS-digest").known_as(Primitive::Hash));
        let mut uses = Uses::default();
        for a in keys.chain(digests).collect::<Vec<_>>() {
            uses.push(self.algorithm(a));
        }
        if uses.0.is_empty() {
            return;
        }
        let mut crypto = CryptoProperties::new(AssetType::Protocol);
        crypto.protocol_properties = Some(ProtocolProperties {
            kind: ProtocolType::Other,
            version: None,
            cipher_suites: Vec::new(),
            crypto_ref_array: uses.0.clone(),
        });
        let component = asset(
            format!("crypto/protocol/dnssec/{zone}"),
            format!("DNSSEC {zone}"),
            crypto,
            vec![Property::new("zone", zone)],
        );
        self.add(component, uses.0);
    }
}

/// Bom-refs in first-seen order, each once.
#[derive(Default)]
struct Uses(Vec<String>);

impl Uses {
    fn push(&mut self, r: String) {
        if !self.0.contains(&r) {
            self.0.push(r);
        }
    }

    fn extend(&mut self, refs: impl IntoIterator<Item = String>) {
        for r in refs {
            self.push(r);
        }
    }
}

fn asset(
    bom_ref: String,
    name: String,
    crypto_properties: CryptoProperties,
    properties: Vec<Property>,
) -> Component {
    Component {
        kind: ComponentType::CryptographicAsset,
        bom_ref,
        name,
        hashes: Vec::new(),
        crypto_properties,
        properties,
    }
}

/// The version the certificate chain was sent under. A handshake that the verifier broke
/// off (an RSA-1024 leaf, no common suite) still captured the chain but records no version;
/// the server then answered the highest version the client offered, which is the endpoint's
/// highest.
fn chain_version(endpoint: &TlsEndpointFacts) -> Option<ProtocolVersion> {
    let chain = endpoint.chain.as_ref()?;
    ProtocolVersion::from_name(&chain.version).or_else(|| endpoint.supported_versions().max())
}

/// The facts' name of a transport, as `--format json` writes it.
fn transport_name(kind: TlsTransportKind) -> &'static str {
    match kind {
        TlsTransportKind::Tcp => "tcp",
        TlsTransportKind::SmtpStarttls => "smtp_starttls",
    }
}

/// `TLSv1.3` → `1.3`; SSL versions keep their name (`SSLv3`).
fn protocol_version(name: &str) -> &str {
    name.strip_prefix("TLSv").unwrap_or(name)
}

/// The algorithms a cipher suite names: key exchange, authentication (where the suite signs its
/// key exchange), bulk cipher, and its HMAC or, for AEAD suites, its PRF/HKDF hash. TLS 1.3
/// suites name only the last two. An unknown codepoint names nothing.
fn suite_algorithms(suite: CipherSuite) -> Vec<Algorithm> {
    let Some(info) = suite.info() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    out.extend(kx_family(info.kx).map(algorithm));
    if matches!(info.kx, KeyExchange::Dhe | KeyExchange::Ecdhe) {
        out.extend(auth_family(info.auth).map(algorithm));
    }
    if let Some(family) = cipher_family(info.cipher) {
        let (mode, suffix) = mode(info.mode);
        out.push(
            algorithm(family)
                .with_parameter_set(info.key_bits)
                .with_mode(mode, suffix, info.mode.is_aead()),
        );
    }
    if let Some(hash) = hash_name(info.mac) {
        let aead = info.mode.is_aead();
        out.push(match aead {
            true => algorithm(hash),
            false => algorithm(&format!("HMAC-{hash}")),
        });
    }
    out
}

fn kx_family(kx: KeyExchange) -> Option<&'static str> {
    use KeyExchange as K;
    match kx {
        K::Ecdh | K::Ecdhe | K::EcdhAnon | K::EcdhePsk => Some("ECDH"),
        K::Dh | K::Dhe | K::DhAnon | K::DhePsk => Some("FFDH"),
        K::Rsa | K::RsaPsk => Some("RSAES-PKCS1-v1_5"),
        K::Any | K::Null | K::Psk | K::Srp | K::Krb5 | K::EccPwd | K::Gost | K::Signalling => None,
    }
}

/// Authentication by certificate key class (the `rsa`/`ec`/`dsa` rows).
fn auth_family(auth: Authentication) -> Option<&'static str> {
    use Authentication as A;
    match auth {
        A::Rsa => Some("rsa"),
        A::Ecdsa => Some("ec"),
        A::Dss => Some("dsa"),
        A::Any | A::Null | A::Anon | A::Psk | A::Srp | A::Krb5 | A::Password | A::Gost => None,
    }
}

fn cipher_family(cipher: BulkCipher) -> Option<&'static str> {
    use BulkCipher as C;
    Some(match cipher {
        C::Null => return None,
        C::Rc4 => "RC4",
        C::Rc2 => "RC2",
        C::Des => "DES",
        C::TripleDes => "3DES",
        C::Idea => "IDEA",
        C::Seed => "SEED",
        C::Aes => "AES",
        C::Camellia => "Camellia",
        C::Aria => "ARIA",
        C::ChaCha20 => "ChaCha20",
        C::Sm4 => "SM4",
        C::Aegis256 => "AEGIS-256",
        C::Aegis128L => "AEGIS-128L",
        C::Gost28147 => "GOST28147",
        C::Kuznyechik => "Kuznyechik",
        C::Magma => "Magma",
    })
}

/// The CycloneDX mode of a suite's cipher mode and the suffix that names it.
fn mode(mode: CipherMode) -> (Option<Mode>, &'static str) {
    use CipherMode as M;
    match mode {
        M::Null | M::Stream | M::Aegis => (None, ""),
        M::Cbc => (Some(Mode::Cbc), "CBC"),
        M::Gcm => (Some(Mode::Gcm), "GCM"),
        M::Ccm => (Some(Mode::Ccm), "CCM"),
        M::Ccm8 => (Some(Mode::Ccm), "CCM-8"),
        M::ChaCha20Poly1305 => (Some(Mode::Other), "Poly1305"),
        M::Mgm => (Some(Mode::Other), "MGM"),
        M::CtrOmac => (Some(Mode::Ctr), "CTR-OMAC"),
        M::CntImit => (Some(Mode::Other), "CNT-IMIT"),
    }
}

fn hash_name(mac: MacHash) -> Option<&'static str> {
    use MacHash as H;
    Some(match mac {
        H::Null => return None,
        H::Md5 => "MD5",
        H::Sha1 => "SHA-1",
        H::Sha256 => "SHA-256",
        H::Sha384 => "SHA-384",
        H::Sm3 => "SM3",
        H::Streebog256 => "Streebog-256",
    })
}

/// IANA "Delegation Signer (DS) Resource Record (RR) Type Digest Algorithms".
static DS_DIGESTS: &[(u8, &str)] = &[(1, "SHA-1"), (2, "SHA-256"), (4, "SHA-384"), (6, "SM3")];

/// Namespace of pastoe's name-based CBOM serial numbers (a random UUID, fixed once).
const SERIAL_NAMESPACE: [u8; 16] = [
    0x45, 0xe9, 0xe5, 0x98, 0xe8, 0xe5, 0x40, 0x1d, 0x88, 0xef, 0xf5, 0x78, 0xa2, 0x37, 0xb4, 0xf2,
];

/// RFC 9562 §5.5: SHA-1 of namespace and name, version 5, variant 10.
fn uuid_v5(name: &str) -> String {
    let mut input = SERIAL_NAMESPACE.to_vec();
    input.extend_from_slice(name.as_bytes());
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, &input);
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest.as_ref()[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = HEXLOWER.encode(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(suite: CipherSuite) -> Vec<String> {
        suite_algorithms(suite)
            .into_iter()
            .map(|a| a.name)
            .collect()
    }

    #[test]
    fn suites_name_their_algorithms() {
        assert_eq!(
            names(CipherSuite::TLS_AES_128_GCM_SHA256),
            ["AES-128-GCM", "SHA-256"]
        );
        assert_eq!(
            names(CipherSuite::TLS_CHACHA20_POLY1305_SHA256),
            ["ChaCha20-Poly1305", "SHA-256"]
        );
        assert_eq!(
            names(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
            ["ECDH", "RSA", "AES-256-GCM", "SHA-384"]
        );
        assert_eq!(
            names(CipherSuite::TLS_RSA_WITH_3DES_EDE_CBC_SHA),
            ["RSAES-PKCS1-v1_5", "3DES-EDE-CBC", "HMAC-SHA-1"]
        );
        assert_eq!(
            names(CipherSuite::TLS_DHE_RSA_WITH_AES_128_CCM_8),
            ["FFDH", "RSA", "AES-128-CCM-8", "SHA-256"]
        );
        assert!(names(CipherSuite(0xFAFA)).is_empty());
    }

    #[test]
    fn every_suite_names_only_algorithms_with_rows() {
        for info in crate::wire::tls::iana::CIPHER_SUITES {
            for a in suite_algorithms(CipherSuite(info.code)) {
                assert_ne!(
                    a.properties.primitive,
                    Primitive::Unknown,
                    "{}: {}",
                    info.name,
                    a.name
                );
            }
        }
    }

    #[test]
    fn dnssec_numbers_name_rows() {
        // 252-254 (INDIRECT, PRIVATEDNS, PRIVATEOID) name no algorithm.
        let signing = crate::wire::dnssec::DNSSEC_ALGORITHMS
            .iter()
            .filter(|(n, _)| *n < 252);
        for (n, name) in signing.chain(DS_DIGESTS) {
            assert_ne!(
                algorithm(name).properties.primitive,
                Primitive::Unknown,
                "{n} {name}"
            );
        }
    }

    #[test]
    fn serial_is_a_version_5_uuid_and_reproducible() {
        let a = uuid_v5("org\nexample.nl");
        assert_eq!(a, uuid_v5("org\nexample.nl"));
        assert_ne!(a, uuid_v5("org\nexample.com"));
        let bytes: Vec<char> = a.chars().collect();
        assert_eq!(a.len(), 36);
        assert_eq!(bytes[14], '5');
        assert!("89ab".contains(bytes[19]), "{a}");
    }
}
