//! A template that fails on a page, as a located diagnostic: the template file, the line
//! of the cause, and the page being rendered. tera gives no line for a runtime error, so
//! the cause is looked for in the template sources: the variable an error names, or the
//! call that went past tera's recursion depth limit (vendor/tera/PATCHES.md).

use super::theme::{error_chain, Theme};
use crate::diagnostics::{line_col, Diagnostic};
use std::path::Path;

/// Where in the theme an error is (`offset` into the template's source, if found), and
/// what to say of it.
struct Located {
    template: String,
    offset: Option<usize>,
    message: String,
}

/// A template that failed on a page: the diagnostic, and its cause apart from the page,
/// the same on every page that meets it, so that it is reported once.
#[derive(Debug, Clone)]
pub(crate) struct TemplateError {
    pub(crate) diagnostic: Diagnostic,
    pub(crate) cause: String,
}

impl TemplateError {
    /// An error that names no page (the message is the whole cause).
    pub(crate) fn new(diagnostic: Diagnostic) -> Self {
        let cause = diagnostic.message.clone();
        TemplateError { diagnostic, cause }
    }
}

/// The error for `error`, met rendering `template` for `page`.
pub(crate) fn render_error(
    theme: &Theme,
    template: &str,
    page: &str,
    error: &tera::Error,
) -> TemplateError {
    let located = match recursion_limit(error) {
        Some(kind) => recursion(theme, kind),
        None => other(theme, template, error),
    };
    let (line, column) = located.offset.map_or((1, 1), |at| {
        line_col(&theme.template_sources[&located.template], at)
    });
    let file = theme
        .template_files
        .get(&located.template)
        .cloned()
        .unwrap_or_else(|| Path::new("themes").join(&located.template));
    let message = format!("{} (while rendering {page})", located.message);
    TemplateError {
        diagnostic: Diagnostic::new(&file, line, column, message),
        cause: located.message,
    }
}

/// What tera's error for a render that went too deep says (vendor/tera/PATCHES.md).
struct Recursion<'e> {
    limit: usize,
    /// The template in which the call that went past the limit is written.
    template: &'e str,
    /// The macro whose body makes that call.
    caller: Option<&'e str>,
    /// `namespace::macro`, or the template included.
    callee: &'e str,
    include: bool,
}

/// tera's error for a render that went too deep, wherever it is in the chain.
fn recursion_limit(error: &tera::Error) -> Option<Recursion<'_>> {
    let first: &(dyn std::error::Error + 'static) = error;
    std::iter::successors(Some(first), |e| e.source())
        .filter_map(|e| e.downcast_ref::<tera::Error>())
        .find_map(|e| match &e.kind {
            tera::ErrorKind::RecursionLimit {
                limit,
                template,
                caller,
                callee,
                include,
            } => Some(Recursion {
                limit: *limit,
                template,
                caller: caller.as_deref(),
                callee,
                include: *include,
            }),
            _ => None,
        })
}

/// The call that went past the limit: looked for in the macro that makes it when there is
/// one (a macro that calls itself is called from elsewhere too), else anywhere in its
/// template.
fn recursion(theme: &Theme, r: Recursion) -> Located {
    let source = theme
        .template_sources
        .get(r.template)
        .map_or("", String::as_str);
    let from = r
        .caller
        .and_then(|name| find_words(source, 0, &["macro", name, "("]))
        .unwrap_or(0);
    let limit = format!(
        "goes past the recursion depth limit of {} nested macro calls and includes",
        r.limit
    );
    let (offset, message) = if r.include {
        let offset = ['"', '\'', '`']
            .iter()
            .find_map(|q| find_words(source, from, &["include", &format!("{q}{}{q}", r.callee)]))
            .or_else(|| find_words(source, from, &["include"]));
        let message = format!(
            "the include of \"{}\" {limit}: does a template include itself without end?",
            r.callee
        );
        (offset, message)
    } else {
        let (namespace, name) = r.callee.split_once("::").unwrap_or(("", r.callee));
        let offset = find_words(source, from, &[namespace, "::", name, "("]);
        let within = r
            .caller
            .map(|m| format!(" in macro `{m}`"))
            .unwrap_or_default();
        let message = format!(
            "the call of `{}`{within} {limit}: does a macro call itself without end?",
            r.callee
        );
        (offset, message)
    };
    Located {
        template: r.template.to_string(),
        offset,
        message,
    }
}

/// Any other error: the line of the variable it names, if it names one (in the template
/// rendered first, then in the others), else the first line of the innermost template.
fn other(theme: &Theme, template: &str, error: &tera::Error) -> Located {
    let chain = error_chain(error);
    let variable = chain
        .rsplit_once("Variable `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(var, _)| var)
        .filter(|_| chain.contains("not found in context"));
    // tera names the innermost template last: "... while rendering 'macros.html'".
    let template = chain
        .rsplit_once("while rendering '")
        .and_then(|(_, rest)| rest.split_once('\''))
        .map_or(template, |(name, _)| name);
    let Some(var) = variable else {
        return Located {
            template: template.to_string(),
            offset: None,
            message: chain.replace('\n', " "),
        };
    };
    let mut names: Vec<&String> = theme.template_sources.keys().collect();
    names.sort_by_key(|n| n.as_str() != template);
    let found = names
        .into_iter()
        .find_map(|name| Some((name.clone(), theme.template_sources[name].find(var)?)));
    let (template, offset) = match found {
        Some((name, at)) => (name, Some(at)),
        None => (template.to_string(), None),
    };
    Located {
        template,
        offset,
        message: format!("the template uses `{var}`, which this page does not have"),
    }
}

/// The offset, from `from` on, of `words` written one after the other with nothing but
/// white space between them, the first not inside a longer name (`self::loop(` but not
/// `myself::loop(`).
fn find_words(source: &str, from: usize, words: &[&str]) -> Option<usize> {
    let (first, rest) = words.split_first()?;
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let mut start = from.min(source.len());
    while let Some(found) = source.get(start..)?.find(first) {
        let at = start + found;
        let bounded = !source[..at].ends_with(is_name);
        let mut end = at + first.len();
        let follows = rest.iter().all(|word| {
            let after = &source[end..];
            let trimmed = after.trim_start();
            end += after.len() - trimmed.len() + word.len();
            trimmed.starts_with(word)
        });
        if bounded && follows {
            return Some(at);
        }
        start = at + first.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_with_space_between_and_not_inside_names() {
        let source = "{{ myself::loop(n) }}\n{{ self :: loop (n=n) }}";
        assert_eq!(
            find_words(source, 0, &["self", "::", "loop", "("]),
            Some(25)
        );
        assert_eq!(find_words(source, 26, &["self", "::", "loop", "("]), None);
        let macros = "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}{{ self::b() }}";
        let from = find_words(macros, 0, &["macro", "b", "("]).unwrap();
        assert_eq!(
            find_words(macros, from, &["self", "::", "b", "("]),
            Some(64)
        );
        assert_eq!(
            find_words("{% endmacro b %}", 0, &["macro", "b", "("]),
            None
        );
        assert_eq!(find_words("", 5, &["x"]), None);
    }
}
