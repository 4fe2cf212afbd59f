//! Renders arbitrary Markdown with internal links, UN symbols, anchors and footnotes.
#![no_main]

use cyberrecord::documents::find_symbols;
use cyberrecord::markdown::{render, LinkContext};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let resolve = |path: &str| match path {
        "norms/e.md" => Some("norms/e/index.html".to_string()),
        "timeline/x.md" => Some("timeline/2015/index.html#x".to_string()),
        _ => None,
    };
    let cx = LinkContext {
        root: "../../",
        resolve: &resolve,
        theme_ids: &["main", "toc-heading"],
        first_line: 7,
        mentions: None,
    };
    let (rendered, problems) = render(body, &cx);
    for link in rendered.links.iter() {
        assert!(link.line >= 7);
    }
    for p in problems {
        assert!(p.line >= 7);
    }
    for (range, symbol) in find_symbols(body) {
        assert!(body.get(range).is_some());
        assert!(!symbol.is_empty());
    }
});
