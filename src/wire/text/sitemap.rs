//! The page URLs of a sitemap (sitemaps.org 0.9): the text of each `<loc>` element. A
//! sitemap index's `<loc>`s name other sitemaps, which are not followed.

/// The `<loc>` values, trimmed, with the five XML entities decoded, in document order.
pub fn locations(xml: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<loc>") {
        rest = &rest[start + "<loc>".len()..];
        let Some(end) = rest.find("</loc>") else {
            break;
        };
        let value = rest[..end]
            .trim()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        if !value.is_empty() {
            found.push(value);
        }
        rest = &rest[end..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locations_in_order() {
        let xml = r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc> https://a.nl/ </loc></url><url><loc>https://a.nl/x.pdf?a=1&amp;b=2</loc><lastmod>2026-01-01</lastmod></url>
<url><loc></loc></url><url><loc>https://a.nl/cut"#;
        assert_eq!(
            locations(xml),
            ["https://a.nl/", "https://a.nl/x.pdf?a=1&b=2"]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_an_answer(text: String) {
            let _ = locations(&text);
        }
    }
}
