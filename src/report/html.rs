//! The organisation page: one self-contained HTML file rendered with handlebars.
//!
//! Templates are embedded in the binary and can be replaced from a folder. Scanned content
//! (header values, file text, server messages) is untrusted: it only ever reaches the page
//! through handlebars' escaping `{{…}}`, never `{{{…}}}`.

use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;

use super::autonomy_view::{OrganisationDependencies, organisation_section};
use super::{ScanDocument, standard_name, standard_status, status_label};
use crate::discover::HostRole;
use crate::judge::finding::Finding;
use crate::judge::readiness::ReadinessSummary;
use crate::rules::RuleSet;
use crate::rules::{Lang, Status};

const ORGANISATION_TEMPLATE: &str = include_str!("../../reports/templates/organisation.html.hbs");
const STYLESHEET: &str = include_str!("../../reports/static/report.css");

#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("cannot render the report: {0}")]
    Render(String),
}

#[derive(Serialize)]
struct Page<'a> {
    lang: &'static str,
    /// Link back to the site index, when the page is part of one.
    home: Option<String>,
    organisation: Option<&'a str>,
    generated: &'a str,
    rule_set: String,
    css: String,
    words: Words,
    compliant_domains: usize,
    total_domains: usize,
    domains: Vec<DomainView>,
    readiness: Vec<ReadinessView>,
    /// The digital-autonomy section: who runs each service (none without such findings).
    dependencies: Option<OrganisationDependencies>,
    discovered: Vec<DiscoveredView>,
}

/// A host discovery found, as the organisation page lists it.
#[derive(Serialize)]
struct DiscoveredView {
    host: String,
    role: &'static str,
    found_at: String,
    scanned: bool,
}

/// A readiness roll-up (`pqc`) as the `readiness` partial shows it.
#[derive(Serialize)]
pub(super) struct ReadinessView {
    id: String,
    heading: &'static str,
    words: ReadinessWords,
    ready: usize,
    endpoints: usize,
    ready_percent: Option<String>,
    sensitive_ready: usize,
    sensitive: usize,
    sensitive_percent: Option<String>,
    services: Vec<String>,
    verdicts: Vec<VerdictRow>,
    deadlines: Vec<DeadlineRow>,
}

#[derive(Serialize)]
struct VerdictRow {
    label: String,
    status: &'static str,
    per_service: Vec<usize>,
    count: usize,
}

#[derive(Serialize)]
struct DeadlineRow {
    date: String,
    frame: String,
    milestone: String,
    source: String,
    distance: String,
    ready: usize,
    in_scope: usize,
    remaining: usize,
}

#[derive(Serialize)]
struct ReadinessWords {
    note: &'static str,
    ready: &'static str,
    sensitive: &'static str,
    verdicts_caption: &'static str,
    verdict: &'static str,
    total: &'static str,
    deadlines_caption: &'static str,
    deadline: &'static str,
    milestone: &'static str,
    distance: &'static str,
    progress: &'static str,
    to_go: &'static str,
}

pub(super) fn readiness_view(s: &ReadinessSummary, lang: Lang) -> ReadinessView {
    let nl = lang == Lang::Nl;
    let words = if nl {
        ReadinessWords {
            note: "Een beoordeling naast de standaarden: telt niet mee voor de naleving. Versleuteld verkeer dat nu wordt opgeslagen, kan later met een quantumcomputer worden ontsleuteld; een hybride sleuteluitwisseling voorkomt dat.",
            ready: "eindpunten quantumveilig",
            sensitive: "eindpunten met gevoelig verkeer (mail, inlogportalen) quantumveilig",
            verdicts_caption: "Eindpunten per oordeel en dienst",
            verdict: "Oordeel",
            total: "Totaal",
            deadlines_caption: "Afstand tot de termijnen",
            deadline: "Termijn",
            milestone: "Mijlpaal",
            distance: "Nog te gaan",
            progress: "Klaar",
            to_go: "te gaan",
        }
    } else {
        ReadinessWords {
            note: "A readiness view beside the standards: not counted for compliance. Encrypted traffic recorded today can be decrypted later with a quantum computer; a hybrid key exchange prevents that.",
            ready: "endpoints quantum-safe",
            sensitive: "endpoints with sensitive traffic (mail, login portals) quantum-safe",
            verdicts_caption: "Endpoints per verdict and service",
            verdict: "Verdict",
            total: "Total",
            deadlines_caption: "Distance to the deadlines",
            deadline: "Deadline",
            milestone: "Milestone",
            distance: "Time left",
            progress: "Ready",
            to_go: "to go",
        }
    };
    let services: Vec<String> = s.by_service.keys().cloned().collect();
    let verdicts = s
        .by_verdict
        .iter()
        .map(|(key, count)| {
            let known = s.verdict_labels.get(key);
            VerdictRow {
                label: known
                    .map(|v| v.label.get(lang).to_string())
                    .unwrap_or_else(|| key.clone()),
                status: known.map(|v| v.status.as_str()).unwrap_or("info"),
                per_service: services
                    .iter()
                    .map(|svc| s.by_service[svc].get(key).copied().unwrap_or(0))
                    .collect(),
                count: *count,
            }
        })
        .collect();
    let deadlines = s
        .deadlines
        .iter()
        .map(|d| DeadlineRow {
            date: d.deadline.date.clone(),
            frame: d.deadline.frame.get(lang).to_string(),
            milestone: d.deadline.milestone.get(lang).to_string(),
            source: d.deadline.source.clone(),
            distance: match (d.days_left >= 0, nl) {
                (true, true) => format!("{} dagen", d.days_left),
                (true, false) => format!("{} days", d.days_left),
                (false, true) => format!("verstreken ({} dagen geleden)", -d.days_left),
                (false, false) => format!("passed ({} days ago)", -d.days_left),
            },
            ready: d.ready,
            in_scope: d.in_scope,
            remaining: d.remaining,
        })
        .collect();
    let pct = |p: Option<u32>| p.map(|p| format!("{p} %"));
    ReadinessView {
        id: s.rule_set.clone(),
        heading: if nl {
            "Quantumveiligheid"
        } else {
            "Quantum-safe readiness"
        },
        words,
        ready: s.ready,
        endpoints: s.endpoints,
        ready_percent: pct(s.ready_percent()),
        sensitive_ready: s.sensitive_ready,
        sensitive: s.sensitive,
        sensitive_percent: pct(s.sensitive_percent()),
        services,
        verdicts,
        deadlines,
    }
}

#[derive(Serialize)]
struct DomainView {
    name: String,
    anchor: String,
    compliant: bool,
    /// Set when errors remain after more than one observation.
    attempts_with_errors: Option<u32>,
    standards: Vec<StandardView>,
}

#[derive(Serialize)]
struct StandardView {
    name: String,
    status: &'static str,
    label: &'static str,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct FindingView {
    check: String,
    title: String,
    subject: String,
    status: &'static str,
    label: &'static str,
    level: &'static str,
    message: String,
    advice: Option<String>,
    why: String,
    reference: String,
    details: Vec<DetailView>,
    evidence: Vec<EvidenceView>,
    explanation: Option<ExplanationView>,
}

#[derive(Serialize)]
struct ExplanationView {
    reason: String,
    by: String,
    reference: String,
    since: String,
    valid_until: String,
    in_force: bool,
    expired: bool,
    needs_review: bool,
}

#[derive(Serialize)]
struct DetailView {
    status: &'static str,
    label: &'static str,
    message: String,
    advice: Option<String>,
}

#[derive(Serialize)]
struct EvidenceView {
    name: String,
    value: String,
}

/// The report's fixed words in the page language.
#[derive(Serialize)]
struct Words {
    title: &'static str,
    summary: &'static str,
    domain: &'static str,
    compliant: &'static str,
    not_compliant: &'static str,
    domains_compliant: &'static str,
    why: &'static str,
    fix: &'static str,
    evidence: &'static str,
    source: &'static str,
    level: &'static str,
    subject: &'static str,
    generated: &'static str,
    rule_set: &'static str,
    problems: &'static str,
    explained: &'static str,
    explanation_expired: &'static str,
    needs_review: &'static str,
    explained_by: &'static str,
    valid_until: &'static str,
    published: &'static str,
    skip: &'static str,
    summary_caption: &'static str,
    discovered: &'static str,
    discovered_intro: &'static str,
    discovered_caption: &'static str,
    not_measured_in: &'static str,
    attempts: &'static str,
    host: &'static str,
    found_how: &'static str,
    found_at: &'static str,
    scanned: &'static str,
}

impl Words {
    fn new(lang: Lang) -> Words {
        match lang {
            Lang::Nl => Words {
                title: "Meting internetstandaarden",
                summary: "Samenvatting",
                domain: "Domein",
                compliant: "voldoet aan alle verplichte controles",
                not_compliant: "voldoet niet aan alle verplichte controles",
                domains_compliant: "domeinen voldoen aan alle verplichte controles",
                why: "Waarom dit ertoe doet",
                fix: "Zo lost u het op",
                evidence: "Wat we zagen",
                source: "Bron",
                level: "Niveau",
                subject: "Onderwerp",
                generated: "Gemeten op",
                rule_set: "Regelset",
                problems: "Alle bevindingen",
                explained: "uitgelegd",
                explanation_expired: "uitleg verlopen",
                needs_review: "uitleg herzien: de bevinding is veranderd",
                explained_by: "Uitleg door",
                valid_until: "geldig tot",
                published: "gepubliceerd in",
                skip: "Naar de inhoud",
                summary_caption: "Resultaat per domein en standaard",
                discovered: "Gevonden hosts",
                discovered_intro: "Hosts die de meting vond vanuit de opgegeven domeinen. Mail- en naamservers zijn getest in de mail- en DNS-controles van hun domein; www-hosts en gelinkte hosts die bestaan zijn als webhost getest.",
                discovered_caption: "Elke gevonden host en waar hij gevonden is",
                not_measured_in: "Niet alles kon worden gemeten, ook niet in",
                attempts: "pogingen",
                host: "Host",
                found_how: "Soort",
                found_at: "Gevonden via",
                scanned: "Als webhost getest",
            },
            Lang::En => Words {
                title: "Internet standards measurement",
                summary: "Summary",
                domain: "Domain",
                compliant: "meets every required check",
                not_compliant: "does not meet every required check",
                domains_compliant: "domains meet every required check",
                why: "Why it matters",
                fix: "How to fix it",
                evidence: "What we saw",
                source: "Source",
                level: "Level",
                subject: "Subject",
                generated: "Measured at",
                rule_set: "Rule set",
                problems: "All findings",
                explained: "explained",
                explanation_expired: "explanation expired",
                needs_review: "review the explanation: the finding has changed",
                explained_by: "Explained by",
                valid_until: "valid until",
                published: "published in",
                skip: "Skip to content",
                summary_caption: "Result per domain and standard",
                discovered: "Discovered hosts",
                discovered_intro: "Hosts the sweep found from the listed domains. Mail and name servers were tested by the mail and DNS checks of their domain; www hosts and linked hosts that exist were tested as web hosts.",
                discovered_caption: "Every discovered host and where it was found",
                not_measured_in: "Not everything could be measured, also not in",
                attempts: "attempts",
                host: "Host",
                found_how: "Kind",
                found_at: "Found at",
                scanned: "Tested as a web host",
            },
        }
    }
}

pub(super) fn explained_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "uitgelegd",
        Lang::En => "explained",
    }
}

pub(super) fn level_label(finding: &Finding, lang: Lang) -> &'static str {
    use crate::rules::Level::*;
    match (finding.level, lang) {
        (Required, Lang::Nl) => "verplicht",
        (Recommended, Lang::Nl) => "aanbevolen",
        (Optional, Lang::Nl) => "optioneel",
        (Required, Lang::En) => "required",
        (Recommended, Lang::En) => "recommended",
        (Optional, Lang::En) => "optional",
    }
}

/// The report templates, embedded and optionally replaced from a folder: each of
/// `organisation.html.hbs`, `index.html.hbs`, `explanations.html.hbs`, `dependencies.html.hbs`,
/// `readiness.html.hbs` (a partial) and `report.css` found there wins over the embedded one.
pub struct HtmlRenderer {
    hb: Handlebars<'static>,
    css: String,
}

/// Parts of pages, `{{> name}}` in the templates; replaceable like the pages.
const PARTIALS: &[(&str, &str)] = &[(
    "readiness",
    include_str!("../../reports/templates/readiness.html.hbs"),
)];

const TEMPLATES: &[(&str, &str)] = &[
    ("organisation", ORGANISATION_TEMPLATE),
    (
        "index",
        include_str!("../../reports/templates/index.html.hbs"),
    ),
    (
        "explanations",
        include_str!("../../reports/templates/explanations.html.hbs"),
    ),
    (
        "dependencies",
        include_str!("../../reports/templates/dependencies.html.hbs"),
    ),
];

impl HtmlRenderer {
    pub fn new(templates: Option<&Path>) -> Result<HtmlRenderer, HtmlError> {
        let read = |file: &str| -> Result<Option<String>, HtmlError> {
            match templates.map(|d| d.join(file)).filter(|p| p.exists()) {
                Some(path) => {
                    std::fs::read_to_string(&path)
                        .map(Some)
                        .map_err(|e| HtmlError::Template {
                            name: path.display().to_string(),
                            message: e.to_string(),
                        })
                }
                None => Ok(None),
            }
        };
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        for (name, embedded) in PARTIALS {
            let file = format!("{name}.html.hbs");
            let text = read(&file)?.unwrap_or_else(|| embedded.to_string());
            hb.register_partial(name, text)
                .map_err(|e| HtmlError::Template {
                    name: file,
                    message: e.to_string(),
                })?;
        }
        for (name, embedded) in TEMPLATES {
            let file = format!("{name}.html.hbs");
            let text = read(&file)?.unwrap_or_else(|| embedded.to_string());
            hb.register_template_string(name, text)
                .map_err(|e| HtmlError::Template {
                    name: file,
                    message: e.to_string(),
                })?;
        }
        let css = read("report.css")?.unwrap_or_else(|| STYLESHEET.to_string());
        Ok(HtmlRenderer { hb, css })
    }

    /// The organisation page (or, with one domain, the domain page).
    pub fn organisation(
        &self,
        doc: &ScanDocument,
        rules: &RuleSet,
        lang: Lang,
        home: Option<&str>,
    ) -> Result<String, HtmlError> {
        let mut page = page(doc, rules, lang, self.css.clone());
        page.home = home.map(str::to_string);
        self.render("organisation", &page)
    }

    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> Result<String, HtmlError> {
        self.hb
            .render(name, data)
            .map_err(|e| HtmlError::Render(e.to_string()))
    }

    pub fn css(&self) -> &str {
        &self.css
    }
}

/// Render one organisation page with the embedded or replaced templates.
pub fn render_html(
    doc: &ScanDocument,
    rules: &RuleSet,
    lang: Lang,
    templates: Option<&Path>,
) -> Result<String, HtmlError> {
    HtmlRenderer::new(templates)?.organisation(doc, rules, lang, None)
}

fn page<'a>(doc: &'a ScanDocument, rules: &RuleSet, lang: Lang, css: String) -> Page<'a> {
    let domains = doc
        .domains
        .iter()
        .map(|summary| {
            let findings: Vec<&Finding> = doc
                .findings
                .iter()
                .filter(|f| f.domain == summary.domain)
                .collect();
            let mut standard_ids: Vec<&str> = Vec::new();
            for f in &findings {
                if !standard_ids.contains(&f.standard.as_str()) {
                    standard_ids.push(&f.standard);
                }
            }
            standard_ids.sort_by_key(|id| {
                rules
                    .standards
                    .get(*id)
                    .map(|s| s.order)
                    .unwrap_or(u32::MAX)
            });
            let standards = standard_ids
                .into_iter()
                .map(|id| {
                    let mine: Vec<&Finding> = findings
                        .iter()
                        .copied()
                        .filter(|f| f.standard == id)
                        .collect();
                    let status = standard_status(&mine);
                    // The Forum view: a standard whose every blocking failure is explained
                    // is "explained", not compliant and not silently green.
                    let blocking: Vec<&&Finding> =
                        mine.iter().filter(|f| f.blocks_compliance()).collect();
                    let explained = !blocking.is_empty() && blocking.iter().all(|f| f.explained);
                    let (class, label) = if explained {
                        ("explained", explained_label(lang))
                    } else {
                        (status.as_str(), status_label(status, lang))
                    };
                    StandardView {
                        name: standard_name(rules, id, lang),
                        status: class,
                        label,
                        findings: mine.iter().map(|f| finding_view(f, lang)).collect(),
                    }
                })
                .collect();
            DomainView {
                name: summary.domain.clone(),
                anchor: format!("d-{}", summary.domain.replace('.', "-")),
                compliant: summary.compliant,
                attempts_with_errors: (summary.attempts > 1
                    && summary.counts.get(&Status::Error).is_some_and(|n| *n > 0))
                .then_some(summary.attempts),
                standards,
            }
        })
        .collect();
    Page {
        home: None,
        lang: match lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        },
        organisation: doc
            .organisation_name
            .as_deref()
            .or(doc.organisation.as_deref()),
        generated: &doc.started_at,
        rule_set: format!("{} {}", doc.rule_set.id, doc.rule_set.version),
        css,
        words: Words::new(lang),
        compliant_domains: doc.domains.iter().filter(|d| d.compliant).count(),
        total_domains: doc.domains.len(),
        domains,
        readiness: doc
            .readiness
            .iter()
            .map(|s| readiness_view(s, lang))
            .collect(),
        dependencies: organisation_section(&doc.dependencies, rules, lang),
        discovered: doc
            .discovered
            .iter()
            .map(|h| DiscoveredView {
                host: h.host.clone(),
                role: match h.role {
                    HostRole::Www => "www",
                    HostRole::Api => "api",
                    HostRole::Link => "link",
                    HostRole::Mx => "MX",
                    HostRole::Ns => "NS",
                },
                found_at: h.found_at.clone(),
                scanned: h.scanned,
            })
            .collect(),
    }
}

fn finding_view(f: &Finding, lang: Lang) -> FindingView {
    let evidence = f
        .evidence
        .iter()
        .map(|(name, value)| EvidenceView {
            name: name.clone(),
            value: match value {
                serde_json::Value::String(s) => s.clone(),
                other => serde_json::to_string_pretty(other).unwrap_or_default(),
            },
        })
        .collect();
    FindingView {
        check: f.check.clone(),
        title: f.title.get(lang).to_string(),
        subject: f.subject.clone(),
        status: f.status.as_str(),
        label: status_label(f.status, lang),
        level: level_label(f, lang),
        message: f.message.get(lang).to_string(),
        // With several outcomes each detail carries its own advice; repeating the first one
        // below the list would only add noise.
        advice: f
            .advice
            .as_ref()
            .filter(|_| f.status != Status::Pass && f.details.is_empty())
            .map(|a| a.get(lang).to_string()),
        why: f.why.get(lang).to_string(),
        reference: f.reference.clone(),
        details: f
            .details
            .iter()
            .map(|d| DetailView {
                status: d.status.as_str(),
                label: status_label(d.status, lang),
                message: d.message.get(lang).to_string(),
                advice: d.advice.as_ref().map(|a| a.get(lang).to_string()),
            })
            .collect(),
        evidence,
        explanation: f.explanation.as_ref().map(|e| ExplanationView {
            reason: e.reason.clone(),
            by: e.by.clone(),
            reference: e.reference.clone(),
            since: e.since.to_string(),
            valid_until: e.valid_until.to_string(),
            in_force: f.explained,
            expired: f.explanation_expired,
            needs_review: e.needs_review,
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::rules::{Level, Text};

    fn hostile_document(rules: &RuleSet) -> ScanDocument {
        let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        let text = |s: &str| Text {
            nl: s.to_string(),
            en: s.to_string(),
        };
        let mut evidence = BTreeMap::new();
        evidence.insert("headers".to_string(), serde_json::json!([payload]));
        let finding = Finding {
            domain: "x.nl".into(),
            check: "web.https.hsts".into(),
            subject: format!("x.nl{payload}"),
            status: Status::Fail,
            level: Level::Required,
            standard: "https_hsts".into(),
            outcome: "invalid".into(),
            title: text("HSTS"),
            message: text(&format!("The header is invalid ({payload})")),
            advice: Some(text("fix")),
            why: text("why"),
            reference: "https://www.rfc-editor.org/rfc/rfc6797".into(),
            evidence,
            details: vec![],
            explained: false,
            explanation: None,
            explanation_expired: false,
            readiness: None,
        };
        ScanDocument::new(
            rules,
            Some(payload.into()),
            &["x.nl".into()],
            vec![finding],
            "t0".into(),
            "t1".into(),
        )
    }

    #[test]
    fn scanned_content_is_escaped() {
        let rules = crate::judge::embedded_rules().unwrap();
        let html = render_html(&hostile_document(&rules), &rules, Lang::En, None).unwrap();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}
