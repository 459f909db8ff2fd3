//! The digital-autonomy roll-ups as people read them: the section of the organisation page
//! (which service of which domain at which provider, under which jurisdiction) and the
//! national dependency page of the site (`dependencies.html`): per group of organisations
//! the headline figures and per service the providers and jurisdictions, as tables whose
//! share cells carry a bar (`<meter>`, hidden from assistive technology: the number beside
//! it says the same). The figures are [`super::autonomy`]'s; nothing is computed here.

use serde::Serialize;

use super::autonomy::{Attribution, DependencyRollup, ServiceRollup, Share, Tally, service_rank};
use crate::rules::providers::ProviderFlag;
use crate::rules::{Lang, RuleSet};

#[derive(Serialize)]
pub(super) struct DependencyWords {
    heading: &'static str,
    note: &'static str,
    page_title: &'static str,
    page_intro: &'static str,
    all: &'static str,
    group: &'static str,
    service: &'static str,
    domain: &'static str,
    provider: &'static str,
    company: &'static str,
    jurisdiction: &'static str,
    confidence: &'static str,
    no_entry: &'static str,
    org_caption: &'static str,
    organisations: &'static str,
    domains: &'static str,
    outside: &'static str,
    cloud_act: &'static str,
    unknown: &'static str,
    headline_caption: &'static str,
    by_group: &'static str,
    services_caption: &'static str,
    providers_caption: &'static str,
    jurisdictions_caption: &'static str,
    low: &'static str,
    hhi: &'static str,
    hhi_note: &'static str,
    method: &'static str,
    csv: &'static str,
    results_json: &'static str,
    back: &'static str,
    skip: &'static str,
    generated: &'static str,
    rule_set: &'static str,
}

impl DependencyWords {
    pub(super) fn new(lang: Lang) -> DependencyWords {
        match lang {
            Lang::Nl => DependencyWords {
                heading: "Digitale autonomie: bij wie de diensten draaien",
                note: "Een beoordeling naast de standaarden: telt niet mee voor de naleving. Per dienst de aanbieder en het recht waaronder het moederbedrijf valt, zoals van buitenaf te zien.",
                page_title: "Afhankelijkheden: aanbieders en jurisdicties",
                page_intro: "Bij welke aanbieders de website, e-mail, DNS en certificaten van de organisaties zijn ondergebracht, en onder welk recht die aanbieders vallen. Wat bij geen aanbieder in de providerlijst past, staat als ‘geen vermelding’: er wordt niet gegokt.",
                all: "Alle organisaties",
                group: "Groep",
                service: "Dienst",
                domain: "Domein",
                provider: "Aanbieder",
                company: "Bedrijf (moederbedrijf)",
                jurisdiction: "Jurisdictie",
                confidence: "Zekerheid",
                no_entry: "geen vermelding in de providerlijst",
                org_caption: "Per dienst en domein: aanbieder, bedrijf en jurisdictie",
                organisations: "Organisaties",
                domains: "Domeinen",
                outside: "Afhankelijk van buiten de EU/EER",
                cloud_act: "Onder de Amerikaanse CLOUD Act",
                unknown: "Onbekend (alleen geen vermelding)",
                headline_caption: "Organisaties die voor web, mail of DNS afhangen van een aanbieder buiten de EU/EER",
                by_group: "per groep organisaties",
                services_caption: "Per dienst: aandeel organisaties buiten de EU/EER en de concentratie",
                providers_caption: "Aanbieders",
                jurisdictions_caption: "Jurisdicties",
                low: "waarvan lage zekerheid",
                hhi: "Concentratie (HHI, 0–10.000)",
                hhi_note: "domeinen met een aanbieder",
                method: "Hoe de cijfers zijn berekend staat in de README van pastoe (Digitale autonomie, Overzichten).",
                csv: "afhankelijkheden per domein (CSV)",
                results_json: "alle resultaten (JSON)",
                back: "Terug naar het overzicht",
                skip: "Naar de inhoud",
                generated: "Gemeten op",
                rule_set: "Regelset",
            },
            Lang::En => DependencyWords {
                heading: "Digital autonomy: where the services run",
                note: "A view beside the standards: not counted for compliance. Per service the provider and the law its parent company falls under, as seen from outside.",
                page_title: "Dependencies: providers and jurisdictions",
                page_intro: "Which providers run the organisations' websites, mail, DNS and certificates, and under which law those providers fall. What matches no provider in the providers table is shown as ‘no entry’: nothing is guessed.",
                all: "All organisations",
                group: "Group",
                service: "Service",
                domain: "Domain",
                provider: "Provider",
                company: "Company (parent)",
                jurisdiction: "Jurisdiction",
                confidence: "Confidence",
                no_entry: "no provider entry",
                org_caption: "Per service and domain: provider, company and jurisdiction",
                organisations: "Organisations",
                domains: "Domains",
                outside: "Depending on outside the EU/EEA",
                cloud_act: "Under the US CLOUD Act",
                unknown: "Unknown (only no entry)",
                headline_caption: "Organisations that depend on a provider outside the EU/EEA for web, mail or DNS",
                by_group: "per group of organisations",
                services_caption: "Per service: share of organisations outside the EU/EEA, and the concentration",
                providers_caption: "Providers",
                jurisdictions_caption: "Jurisdictions",
                low: "of which low confidence",
                hhi: "Concentration (HHI, 0–10,000)",
                hhi_note: "domains with a provider",
                method: "How the figures are computed is in pastoe's README (Digital autonomy, Roll-ups).",
                csv: "dependencies per domain (CSV)",
                results_json: "all results (JSON)",
                back: "Back to the overview",
                skip: "Skip to content",
                generated: "Measured at",
                rule_set: "Rule set",
            },
        }
    }
}

/// A confidence in the report's language.
fn confidence_label(confidence: &str, lang: Lang) -> &str {
    match (confidence, lang) {
        ("high", Lang::Nl) => "hoog",
        ("medium", Lang::Nl) => "middel",
        ("low", Lang::Nl) => "laag",
        (other, _) => other,
    }
}

/// The name of a service: the title of its check in the rules (`Website hosting`).
fn service_name(rules: &RuleSet, service: &str, lang: Lang) -> String {
    let prefix = format!("{}.{service}.", super::autonomy::VIEW);
    rules
        .checks
        .iter()
        .find(|(id, _)| id.starts_with(&prefix))
        .map(|(_, rule)| rule.title.get(lang).to_string())
        .unwrap_or_else(|| service.to_string())
}

fn percent(share: &Share, lang: Lang) -> String {
    let number = format!("{:.1}", share.percent);
    let number = match lang {
        Lang::Nl => number.replace('.', ","),
        Lang::En => number,
    };
    format!("{} / {} ({number} %)", share.count, share.of)
}

/// A share as a cell shows it: the text, and the bar's value.
#[derive(Serialize)]
struct ShareCell {
    text: String,
    value: f64,
}

impl ShareCell {
    fn new(share: &Share, lang: Lang) -> ShareCell {
        ShareCell {
            text: percent(share, lang),
            value: share.percent,
        }
    }
}

#[derive(Serialize)]
struct AttributionRow {
    service: String,
    domain: String,
    subject: String,
    provider: String,
    company: String,
    jurisdiction: String,
    /// `pass` within the EU/EEA, `info` otherwise: the badge's colour.
    class: &'static str,
    confidence: String,
    unmatched: String,
}

/// The organisation page's section.
#[derive(Serialize)]
pub(super) struct OrganisationDependencies {
    words: DependencyWords,
    rows: Vec<AttributionRow>,
    /// Depends on a provider outside the EU/EEA, and under the CLOUD Act, for some service.
    outside: bool,
    cloud_act: bool,
}

pub(super) fn organisation_section(
    list: &[Attribution],
    rules: &RuleSet,
    lang: Lang,
) -> Option<OrganisationDependencies> {
    if list.is_empty() {
        return None;
    }
    let words = DependencyWords::new(lang);
    let mut ordered: Vec<&Attribution> = list.iter().collect();
    ordered.sort_by_key(|a| service_rank(&a.service));
    let rows = ordered
        .into_iter()
        .map(|a| AttributionRow {
            service: service_name(rules, &a.service, lang),
            domain: a.domain.clone(),
            subject: if a.subject == a.domain {
                String::new()
            } else {
                a.subject.clone()
            },
            provider: a
                .provider_name
                .clone()
                .or_else(|| a.provider.clone())
                .unwrap_or_else(|| words.no_entry.to_string()),
            company: match (&a.company, &a.parent) {
                (Some(c), Some(p)) if c != p => format!("{c} ({p})"),
                (Some(c), _) => c.clone(),
                _ => String::new(),
            },
            jurisdiction: a.jurisdiction.clone(),
            class: if a.flags.contains(&ProviderFlag::EuEea) {
                "pass"
            } else {
                "info"
            },
            confidence: a
                .confidence
                .as_deref()
                .map(|c| confidence_label(c, lang))
                .unwrap_or_default()
                .to_string(),
            unmatched: a.unmatched.join("; "),
        })
        .collect();
    Some(OrganisationDependencies {
        outside: list.iter().any(Attribution::outside_eu_eea),
        cloud_act: list.iter().any(Attribution::cloud_act),
        words,
        rows,
    })
}

#[derive(Serialize)]
struct TallyRow {
    name: String,
    jurisdiction: String,
    organisations: ShareCell,
    domains: ShareCell,
    low: usize,
}

#[derive(Serialize)]
struct ServiceView {
    anchor: String,
    name: String,
    organisations: usize,
    domains: usize,
    outside: ShareCell,
    cloud_act: ShareCell,
    hhi: String,
    hhi_domains: usize,
    providers: Vec<TallyRow>,
    jurisdictions: Vec<TallyRow>,
}

#[derive(Serialize)]
struct GroupView {
    anchor: String,
    heading: String,
    organisations: usize,
    domains: usize,
    outside: ShareCell,
    cloud_act: ShareCell,
    unknown: ShareCell,
    services: Vec<ServiceView>,
}

/// The site's `dependencies.html`.
#[derive(Serialize)]
pub(super) struct DependencyPage {
    lang: &'static str,
    generated: String,
    rule_set: String,
    words: DependencyWords,
    groups: Vec<GroupView>,
}

fn tally_row(t: &Tally, no_entry: &str, lang: Lang) -> TallyRow {
    TallyRow {
        name: if t.id.is_some() {
            t.name.clone()
        } else {
            no_entry.to_string()
        },
        jurisdiction: t.jurisdiction.clone(),
        organisations: ShareCell::new(&t.organisations, lang),
        domains: ShareCell::new(&t.domains, lang),
        low: t.low_confidence,
    }
}

fn service_view(group: &str, s: &ServiceRollup, rules: &RuleSet, lang: Lang) -> ServiceView {
    let no_entry = DependencyWords::new(lang).no_entry;
    ServiceView {
        anchor: format!("{group}-{}", s.service),
        name: service_name(rules, &s.service, lang),
        organisations: s.organisations,
        domains: s.domains,
        outside: ShareCell::new(&s.outside_eu_eea, lang),
        cloud_act: ShareCell::new(&s.cloud_act, lang),
        hhi: s.hhi.map(|h| h.to_string()).unwrap_or_else(|| "—".into()),
        hhi_domains: s.hhi_domains,
        providers: s
            .providers
            .iter()
            .map(|t| tally_row(t, no_entry, lang))
            .collect(),
        jurisdictions: s
            .jurisdictions
            .iter()
            .map(|t| tally_row(t, no_entry, lang))
            .collect(),
    }
}

pub(super) fn national_page(
    rollups: &[DependencyRollup],
    rules: &RuleSet,
    lang: Lang,
    generated: &str,
) -> DependencyPage {
    let words = DependencyWords::new(lang);
    let groups = rollups
        .iter()
        .map(|r| {
            let anchor = if r.group == "*" {
                "all".to_string()
            } else {
                format!("type-{}", super::site::slug(&r.group))
            };
            GroupView {
                services: r
                    .services
                    .iter()
                    .map(|s| service_view(&anchor, s, rules, lang))
                    .collect(),
                anchor,
                heading: if r.group == "*" {
                    words.all.to_string()
                } else {
                    r.group.clone()
                },
                organisations: r.organisations,
                domains: r.domains,
                outside: ShareCell::new(&r.outside_eu_eea, lang),
                cloud_act: ShareCell::new(&r.cloud_act, lang),
                unknown: ShareCell::new(&r.unknown, lang),
            }
        })
        .collect();
    DependencyPage {
        lang: match lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        },
        generated: generated.to_string(),
        rule_set: format!("{} {}", rules.meta.id, rules.meta.version),
        words,
        groups,
    }
}

/// The index page's lines on the roll-up of every organisation, with a link to the page.
#[derive(Serialize)]
pub(super) struct IndexDependencies {
    words: DependencyWords,
    organisations: usize,
    outside: ShareCell,
    cloud_act: ShareCell,
    unknown: ShareCell,
}

pub(super) fn index_summary(rollups: &[DependencyRollup], lang: Lang) -> Option<IndexDependencies> {
    let all = rollups
        .iter()
        .find(|r| r.group == "*" && r.organisations > 0)?;
    Some(IndexDependencies {
        words: DependencyWords::new(lang),
        organisations: all.organisations,
        outside: ShareCell::new(&all.outside_eu_eea, lang),
        cloud_act: ShareCell::new(&all.cloud_act, lang),
        unknown: ShareCell::new(&all.unknown, lang),
    })
}
