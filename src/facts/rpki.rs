use serde::{Deserialize, Serialize};

use crate::wire::rpki::AddressValidation;

/// Route origin validation of the addresses a domain depends on, against the VRPs and
/// routes supplied for the scan (`--vrps`, `--routes`). `None` in [`super::DomainFacts`]
/// when those inputs were not given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RpkiFacts {
    /// Where the inputs came from, for the evidence.
    pub sources: Vec<String>,
    pub web: Vec<AddressValidation>,
    /// Per name server: its name and the validation of each of its addresses.
    pub name_servers: Vec<(String, Vec<AddressValidation>)>,
    /// Per MX host: its name and the validation of each of its addresses (`mail.rpki.*`,
    /// and the routing of the batch API's technical results).
    #[serde(default)]
    pub mail_servers: Vec<(String, Vec<AddressValidation>)>,
}
