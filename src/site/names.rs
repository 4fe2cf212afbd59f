//! The names of the site's pages, from the schema's `names` patterns, and what each page
//! says a name means on it (`means`): built with the graph, read by the Markdown of every
//! page to link its mentions.

use super::{Ix, Site};
use crate::content::record::Value;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
pub(crate) use crate::mentions::Meanings;
use crate::mentions::{NameIndex, Shape};
use crate::schema::{FieldType, Text};
use std::collections::HashMap;

/// Every name of every page, and whether each page has one (its page then lists where
/// it is mentioned).
pub(crate) fn index_names(site: &Site) -> (NameIndex, Vec<bool>) {
    let mut names = Vec::new();
    let mut named = vec![false; site.entities.len()];
    for (ix, e) in site.entities.iter().enumerate() {
        for pattern in &site.schema.roles(e.kind).names {
            let expanded = pattern.expand(&e.fields);
            named[ix] |= !expanded.is_empty();
            names.extend(expanded.into_iter().map(|name| (name, ix)));
        }
    }
    let shapes = site
        .schema
        .kinds()
        .flat_map(|k| k.roles.names.iter().map(move |p| (k.kind, p)))
        .filter(|(_, p)| !p.before.trim().is_empty())
        .map(|(kind, p)| Shape {
            before: p.before.clone(),
            after: p.after.clone(),
            symbol: site.schema.fields(kind)[p.field].ty == FieldType::Text(Text::Symbol),
        })
        .collect();
    (NameIndex::new(names, shapes), named)
}

/// Each page's `means`, checked: the name must be one of the site's, and the page one
/// of those it names.
pub(crate) fn meanings(site: &Site, diagnostics: &mut Diagnostics) -> HashMap<Ix, Meanings> {
    let mut all = HashMap::new();
    for (ix, e) in site.entities.iter().enumerate() {
        let Some(field) = site.schema.roles(e.kind).means else {
            continue;
        };
        let mut meanings = Meanings::new();
        for value in e.fields.list(field) {
            let Value::Record(record) = value else {
                continue;
            };
            let spec = match site.schema.fields(e.kind)[field].ty {
                crate::schema::FieldType::Record(r) => site.schema.record(r),
                _ => continue,
            };
            let text = |name: &str| spec.index(name).and_then(|i| record.text(i));
            let Some(name) = text("name") else { continue };
            match meaning(site, name, text("page")) {
                Ok((found, page)) => {
                    meanings.insert(found, page);
                }
                Err(message) => {
                    let (line, column) = e.locate_anywhere(name);
                    diagnostics.push(Diagnostic::new(&e.path, line, column, message));
                }
            }
        }
        if !meanings.is_empty() {
            all.insert(ix, meanings);
        }
    }
    all
}

/// The name `name` and the page `page` (an `@/` path without `@/`) means, if both are
/// the site's and the name names the page.
fn meaning(site: &Site, name: &str, page: Option<&str>) -> Result<(usize, Option<Ix>), String> {
    let index = &site.name_index;
    let Some(found) = index.lookup(name) else {
        return Err(format!(
            "{name:?} is not a name of a page of this site: `means` says which page a name several pages share means here (docs/CONTENT-MODEL.md)"
        ));
    };
    let Some(page) = page else {
        return Ok((found, None));
    };
    let targets = &index.name(found).targets;
    let paths = || {
        targets
            .iter()
            .map(|&t| site.link_path(t))
            .collect::<Vec<_>>()
    };
    match site.resolve_path(page.trim_start_matches("@/")) {
        Some(ix) if targets.contains(&ix) => Ok((found, Some(ix))),
        Some(_) => Err(format!(
            "{name:?} does not name {page}: it names {}",
            paths().join(", ")
        )),
        None => Err(format!(
            "`page` names no page: {page:?}{}",
            did_you_mean(page, paths().iter().map(String::as_str))
        )),
    }
}
