//! OpenAPI documents (OAS 2.0 "swagger", 3.0, 3.1) as an API publishes them at
//! `/openapi.json` or `/openapi.yaml`: what the NLGov REST API Design Rules judge of one,
//! summarised. The document itself is not kept: it can be large, and only these parts are
//! judged.
//!
//! Choices:
//! - JSON by serde_json (nesting limited to 128 levels, so no unbounded recursion); YAML by
//!   serde-saphyr under its default budget (events, nodes, depth 64, aliases per anchor), so
//!   an alias bomb is an error, not a blow-up. The caller bounds the bytes.
//! - A document is OpenAPI when it is an object with an `openapi` or `swagger` member; the
//!   version is taken as written (a YAML `3.0` number becomes `"3.0"`).
//! - A path item, parameter, response or security scheme may be a local `$ref`
//!   (`#/components/responses/...`); it is followed once. Other references are not followed
//!   (they would need more fetches).
//! - Lists are cut at [`MAX_LISTED`] entries; the counts stay exact.
#![forbid(unsafe_code)]

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// At most this many paths, servers or responses are listed.
pub const MAX_LISTED: usize = 200;

/// Where ADR's `/core/publish-openapi` puts the document, relative to the API's base, in
/// the order pastoe asks.
pub const DOCUMENT_LOCATIONS: &[(&str, Syntax)] = &[
    ("openapi.json", Syntax::Json),
    ("openapi.yaml", Syntax::Yaml),
];

/// The HTTP methods of a path item (OAS 3.0 §4.7.9).
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The syntax a document came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Syntax {
    Json,
    Yaml,
}

/// `info.contact`, as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// What the design rules judge of an OpenAPI document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenApiSummary {
    pub syntax: Syntax,
    /// The `openapi` member (OAS 3.x), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openapi: Option<String>,
    /// The `swagger` member (OAS 2.0), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swagger: Option<String>,
    /// `info.version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info_version: Option<String>,
    /// `info.contact` when it is an object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// `servers[*].url`, in order.
    #[serde(default)]
    pub servers: Vec<String>,
    /// The keys of `paths`, sorted.
    #[serde(default)]
    pub paths: Vec<String>,
    /// How many paths there are (the list may be cut).
    #[serde(default)]
    pub path_count: usize,
    /// The 2xx and 3xx responses of every operation.
    #[serde(default)]
    pub success_responses: usize,
    /// Those of them that declare no `API-Version` header, as `GET /path 200`.
    #[serde(default)]
    pub without_version_header: Vec<String>,
    /// How many of them declare no `API-Version` header (the list may be cut).
    #[serde(default)]
    pub without_version_header_count: usize,
    /// The query parameters of every operation (also those of its path item) and the API
    /// keys sent in the query (`components.securitySchemes`): each name once, where it
    /// appears first.
    #[serde(default)]
    pub query_keys: Vec<QueryKey>,
    /// How many different names there are (the list may be cut).
    #[serde(default)]
    pub query_key_count: usize,
}

/// A query key and where the document defines it (`GET /zaken`, `securitySchemes.apiKey`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryKey {
    pub name: String,
    pub at: String,
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenApiError {
    #[error("not {syntax}: {detail}")]
    Syntax {
        syntax: &'static str,
        detail: String,
    },
    #[error("the document is not an object")]
    NotAnObject,
    #[error("the document has neither an `openapi` nor a `swagger` member")]
    NotOpenApi,
}

/// Parses a document in the given syntax.
pub fn parse(text: &str, syntax: Syntax) -> Result<OpenApiSummary, OpenApiError> {
    let value: Value = match syntax {
        Syntax::Json => serde_json::from_str(text).map_err(|e| OpenApiError::Syntax {
            syntax: "JSON",
            detail: e.to_string(),
        })?,
        Syntax::Yaml => serde_saphyr::from_str(text).map_err(|e| OpenApiError::Syntax {
            syntax: "YAML",
            detail: first_line(&e.to_string()),
        })?,
    };
    summarise(&value, syntax)
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

/// A scalar as text: strings as they are, numbers and booleans as written.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn summarise(doc: &Value, syntax: Syntax) -> Result<OpenApiSummary, OpenApiError> {
    let Value::Object(root) = doc else {
        return Err(OpenApiError::NotAnObject);
    };
    let openapi = root.get("openapi").and_then(scalar);
    let swagger = root.get("swagger").and_then(scalar);
    if openapi.is_none() && swagger.is_none() {
        return Err(OpenApiError::NotOpenApi);
    }
    let info = root.get("info");
    let contact = info
        .and_then(|i| i.get("contact"))
        .and_then(Value::as_object)
        .map(|c| Contact {
            name: c.get("name").and_then(scalar),
            url: c.get("url").and_then(scalar),
            email: c.get("email").and_then(scalar),
        });
    let servers = root
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("url").and_then(scalar))
        .take(MAX_LISTED)
        .collect();
    let mut summary = OpenApiSummary {
        syntax,
        openapi,
        swagger,
        info_version: info.and_then(|i| i.get("version")).and_then(scalar),
        contact,
        servers,
        paths: Vec::new(),
        path_count: 0,
        success_responses: 0,
        without_version_header: Vec::new(),
        without_version_header_count: 0,
        query_keys: Vec::new(),
        query_key_count: 0,
    };
    let mut seen = HashSet::new();
    let paths = root.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        summary.path_count += 1;
        if summary.paths.len() < MAX_LISTED {
            summary.paths.push(path.clone());
        }
        let item = resolve(doc, item);
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let at = format!("{} {path}", method.to_ascii_uppercase());
            for parameter in [item, operation]
                .into_iter()
                .filter_map(|o| o.get("parameters").and_then(Value::as_array))
                .flatten()
                .map(|p| resolve(doc, p))
            {
                if parameter.get("in").and_then(Value::as_str) == Some("query")
                    && let Some(name) = parameter.get("name").and_then(scalar)
                {
                    summary.add_query_key(&mut seen, name, &at);
                }
            }
            let responses = operation.get("responses").and_then(Value::as_object);
            for (code, response) in responses.into_iter().flatten() {
                if !is_success(code) {
                    continue;
                }
                summary.success_responses += 1;
                if !declares_version_header(resolve(doc, response)) {
                    summary.without_version_header_count += 1;
                    if summary.without_version_header.len() < MAX_LISTED {
                        summary
                            .without_version_header
                            .push(format!("{} {path} {code}", method.to_ascii_uppercase()));
                    }
                }
            }
        }
    }
    let schemes = root
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_object);
    for (id, scheme) in schemes.into_iter().flatten() {
        let scheme = resolve(doc, scheme);
        if scheme.get("in").and_then(Value::as_str) == Some("query")
            && let Some(name) = scheme.get("name").and_then(scalar)
        {
            summary.add_query_key(&mut seen, name, &format!("securitySchemes.{id}"));
        }
    }
    Ok(summary)
}

impl OpenApiSummary {
    /// A query key, counted and listed the first time its name appears.
    fn add_query_key(&mut self, seen: &mut HashSet<String>, name: String, at: &str) {
        if !seen.insert(name.clone()) {
            return;
        }
        self.query_key_count += 1;
        if self.query_keys.len() < MAX_LISTED {
            self.query_keys.push(QueryKey {
                name,
                at: at.to_string(),
            });
        }
    }
}

/// `2xx`/`3xx` codes, also the `2XX` ranges OAS 3 allows.
fn is_success(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 3 && matches!(bytes[0], b'2' | b'3')
}

/// A local `$ref` to a response, followed once.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
        return value;
    };
    let Some(pointer) = reference.strip_prefix('#') else {
        return value;
    };
    doc.pointer(pointer).unwrap_or(value)
}

fn declares_version_header(response: &Value) -> bool {
    response
        .get("headers")
        .and_then(Value::as_object)
        .is_some_and(|h| h.keys().any(|k| k.eq_ignore_ascii_case("api-version")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r##"{
      "openapi": "3.0.3",
      "info": {"title": "t", "version": "1.0.0",
               "contact": {"name": "n", "url": "https://x.nl", "email": "a@x.nl"}},
      "servers": [{"url": "https://api.x.nl/v1"}],
      "paths": {
        "/things": {"get": {"responses": {
          "200": {"$ref": "#/components/responses/Ok"},
          "404": {"description": "no"}}}},
        "/other/": {"post": {"responses": {"201": {"description": "made"}}}}
      },
      "components": {"responses": {"Ok": {"description": "ok",
        "headers": {"API-Version": {"schema": {"type": "string"}}}}}}
    }"##;

    #[test]
    fn a_json_document_is_summarised() {
        let s = parse(GOOD, Syntax::Json).unwrap();
        assert_eq!(s.openapi.as_deref(), Some("3.0.3"));
        assert_eq!(s.servers, ["https://api.x.nl/v1"]);
        assert_eq!(s.paths, ["/other/", "/things"]);
        assert_eq!(s.contact.unwrap().email.as_deref(), Some("a@x.nl"));
        assert_eq!(s.success_responses, 2);
        assert_eq!(s.without_version_header, ["POST /other/ 201"]);
    }

    #[test]
    fn query_keys_are_found_where_the_document_defines_them() {
        let doc = r##"{
          "openapi": "3.0.3",
          "paths": {
            "/zaken": {
              "parameters": [{"name": "page_size", "in": "query"}, {"name": "id", "in": "path"}],
              "get": {"parameters": [{"$ref": "#/components/parameters/Zoek"}], "responses": {}},
              "post": {"responses": {}}
            }
          },
          "components": {
            "parameters": {"Zoek": {"name": "zoekTerm", "in": "query"}},
            "securitySchemes": {"sleutel": {"type": "apiKey", "name": "api_key", "in": "query"},
                                "kop": {"type": "apiKey", "name": "X-Key", "in": "header"}}
          }
        }"##;
        let s = parse(doc, Syntax::Json).unwrap();
        let keys: Vec<(&str, &str)> = s
            .query_keys
            .iter()
            .map(|k| (k.name.as_str(), k.at.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("page_size", "GET /zaken"),
                ("zoekTerm", "GET /zaken"),
                ("api_key", "securitySchemes.sleutel"),
            ]
        );
        // page_size again on POST: each name once.
        assert_eq!(s.query_key_count, 3);
    }

    #[test]
    fn yaml_gives_the_same_summary() {
        let yaml = "openapi: 3.0.3\ninfo:\n  title: t\n  version: 1.0.0\nservers:\n  - url: /v1\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          headers:\n            api-version:\n              schema: {type: string}\n";
        let s = parse(yaml, Syntax::Yaml).unwrap();
        assert_eq!(s.syntax, Syntax::Yaml);
        assert_eq!(s.openapi.as_deref(), Some("3.0.3"));
        assert_eq!(s.servers, ["/v1"]);
        assert_eq!(s.without_version_header_count, 0);
        assert!(s.contact.is_none());
        // Response codes written as numbers, as YAML documents usually have them.
        let yaml = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n";
        let s = parse(yaml, Syntax::Yaml).unwrap();
        assert_eq!(s.without_version_header, ["GET /a 200"]);
        // A version written as a number stays as written.
        let s = parse("swagger: 2.0\n", Syntax::Yaml).unwrap();
        assert_eq!(s.swagger.as_deref(), Some("2.0"));
    }

    #[test]
    fn what_is_not_an_openapi_document_says_why() {
        assert_eq!(parse("[1]", Syntax::Json), Err(OpenApiError::NotAnObject));
        assert_eq!(
            parse("{\"a\": 1}", Syntax::Json),
            Err(OpenApiError::NotOpenApi)
        );
        assert!(matches!(
            parse("<html>", Syntax::Json),
            Err(OpenApiError::Syntax { .. })
        ));
        let deep = "[".repeat(100_000);
        assert!(parse(&deep, Syntax::Json).is_err());
        let deep = "- ".repeat(10_000) + "x";
        assert!(parse(&deep, Syntax::Yaml).is_err());
    }

    /// The "billion laughs": nine levels of ten aliases each would be 10^9 nodes.
    #[test]
    fn an_alias_bomb_is_refused() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            yaml += &format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            );
        }
        yaml += "openapi: 3.0.0\n";
        assert!(parse(&yaml, Syntax::Yaml).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_without_panic(text in ".{0,400}") {
            let _ = parse(&text, Syntax::Json);
            let _ = parse(&text, Syntax::Yaml);
        }

        #[test]
        fn any_document_shape_parses_without_panic(
            keys in proptest::collection::vec("[a-z/{}$#0-9]{0,8}", 0..8),
            version in "[0-9.]{0,6}",
        ) {
            let paths: Vec<String> = keys
                .iter()
                .map(|k| format!("{k:?}: {{\"get\": {{\"responses\": {{{k:?}: {{\"$ref\": \"#/{k}\"}}}}}}}}"))
                .collect();
            let doc = format!("{{\"openapi\": {version:?}, \"paths\": {{{}}}}}", paths.join(","));
            let _ = parse(&doc, Syntax::Json);
        }
    }
}
