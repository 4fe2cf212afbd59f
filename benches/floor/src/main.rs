//! The floor of the build benchmark: what any generator of these pages has to do, and
//! nothing else.
//!
//!     floor CONTENT_DIR OUTPUT_DIR
//!
//! Reads every `.md` file under CONTENT_DIR, splits off its front matter (between a first
//! line `---` and the next line `---`; the front matter is not parsed), renders the body
//! with pulldown-cmark in the main crate's dialect (tables, footnotes, strikethrough,
//! heading attributes: `src/markdown.rs`, `options`) and writes the HTML alone to
//! `OUTPUT_DIR/<path without .md>/index.html`, on every core (one thread per core, taking
//! the next file from a shared counter). No templates, no links resolved, no relations, no
//! checks beyond UTF-8. Prints the number of pages written.

use pulldown_cmark::{html, Options, Parser};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// The body after the front matter (the whole text if it has none).
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else { return text };
    if let Some(end) = rest.find("\n---\n") {
        &rest[end + 5..]
    } else if rest.ends_with("\n---") {
        ""
    } else {
        text
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: floor CONTENT_DIR OUTPUT_DIR");
        std::process::exit(2);
    }
    let (content, output) = (Path::new(&args[1]), Path::new(&args[2]));
    let mut files = Vec::new();
    if let Err(e) = walk(content, &mut files) {
        eprintln!("floor: {}: {e}", content.display());
        std::process::exit(1);
    }
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let failed = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut out = String::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let result = (|| -> std::io::Result<()> {
                        let text = fs::read_to_string(path)?;
                        out.clear();
                        html::push_html(&mut out, Parser::new_ext(body(&text), options()));
                        let rel = path.strip_prefix(content).unwrap().with_extension("");
                        let dir = output.join(rel);
                        fs::create_dir_all(&dir)?;
                        fs::write(dir.join("index.html"), out.as_bytes())
                    })();
                    if let Err(e) = result {
                        eprintln!("floor: {}: {e}", path.display());
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let failed = failed.into_inner();
    println!("floor: wrote {} pages to {}", files.len() - failed, output.display());
    if failed > 0 {
        std::process::exit(1);
    }
}
