//! Links of an HTML page: what discovery follows and where a site points for its
//! accessibility statement.

use url::Url;

/// A link of a page: its target, resolved against the page's URL, and the text a visitor
/// sees (whitespace collapsed; an image's `alt` counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: Url,
    pub text: String,
}

/// Every link of a page (`a`, `area`, `link`, `iframe`, `form`), resolved against its URL,
/// once each (the first text wins); only http and https.
pub fn links(page: &Url, html: &str) -> Vec<Link> {
    let document = scraper::Html::parse_document(html);
    let selector = match scraper::Selector::parse(
        "a[href], area[href], link[href], iframe[src], form[action]",
    ) {
        Ok(s) => s,
        Err(_) => return Vec::new(),
    };
    let mut found: Vec<Link> = Vec::new();
    for element in document.select(&selector) {
        let value = element.value();
        let target = value
            .attr("href")
            .or_else(|| value.attr("src"))
            .or_else(|| value.attr("action"));
        let Some(url) = target.and_then(|t| page.join(t.trim()).ok()) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") || found.iter().any(|l| l.url == url) {
            continue;
        }
        let mut words: Vec<&str> = element.text().flat_map(str::split_whitespace).collect();
        // The element itself is its first descendant: its own aria-label counts once.
        let alts = element.descendants().filter_map(|n| {
            n.value()
                .as_element()
                .and_then(|e| e.attr("alt").or_else(|| e.attr("aria-label")))
        });
        words.extend(alts.flat_map(str::split_whitespace));
        found.push(Link {
            url,
            text: words.join(" "),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_resolved_and_only_web_schemes_kept() {
        let page = Url::parse("https://goedstad.nl/").unwrap();
        let html = r#"<a href="/contact.html">c</a><a href="https://loket.goedstad.nl/x">l</a>
            <a href="mailto:a@goedstad.nl">m</a><a href="javascript:alert(1)">j</a>
            <link rel="stylesheet" href="//cdn.goedstad.nl/s.css"><form action="zoek"></form>
            <a href="/contact.html">again</a>"#;
        let found: Vec<String> = links(&page, html)
            .iter()
            .map(|l| l.url.to_string())
            .collect();
        assert_eq!(
            found,
            [
                "https://goedstad.nl/contact.html",
                "https://loket.goedstad.nl/x",
                "https://cdn.goedstad.nl/s.css",
                "https://goedstad.nl/zoek",
            ]
        );
    }

    #[test]
    fn the_text_is_what_a_visitor_sees_or_hears() {
        let page = Url::parse("https://goedstad.nl/").unwrap();
        let html = r#"<a href="/t">  Toegankelijk-
            heid </a><a href="/r"><img src="x.png" alt="Register"></a>
            <a href="/a" aria-label="Accessibility statement"></a>"#;
        let texts: Vec<String> = links(&page, html).into_iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            ["Toegankelijk- heid", "Register", "Accessibility statement"]
        );
    }
}
