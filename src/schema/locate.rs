//! Positions in `content/schema.yaml`, found in its text: serde places the errors of
//! syntax and shape, but not those found after (an unknown kind named by a field, a role
//! naming no field), which are placed at the key or name they concern.

/// The lines of the `entry`-th item of the top-level `kinds` list: from its `- ` to the
/// next item at the same indentation (list items inside an entry are not entries).
pub(super) fn entry_lines(text: &str, entry: usize) -> Option<(usize, Vec<&str>)> {
    let lines: Vec<&str> = text.lines().collect();
    let kinds = lines.iter().position(|l| l.starts_with("kinds:"))?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let first = (kinds + 1..lines.len()).find(|&i| lines[i].trim_start().starts_with("- "))?;
    let item_indent = indent(lines[first]);
    let mut starts = Vec::new();
    let mut end_of_list = lines.len();
    for (i, line) in lines.iter().enumerate().skip(first) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent(line) == item_indent && trimmed.starts_with("- ") {
            starts.push(i);
        } else if indent(line) < item_indent || (indent(line) == 0 && !trimmed.starts_with('-')) {
            end_of_list = i;
            break;
        }
    }
    let start = *starts.get(entry)?;
    let end = starts.get(entry + 1).copied().unwrap_or(end_of_list);
    Some((start, lines[start..end].to_vec()))
}

/// Where `key` is written in the `entry`-th kind, at its value.
pub(super) fn position(text: &str, entry: usize, key: &str) -> (usize, usize) {
    position_after(text, entry, key, "")
}

/// Where `key` is written in the `entry`-th kind: at `value` if it follows the key on
/// its line, else at the value's start.
pub(super) fn position_after(text: &str, entry: usize, key: &str, value: &str) -> (usize, usize) {
    let Some((start, lines)) = entry_lines(text, entry) else {
        return (1, 1);
    };
    let prefix = format!("{key}:");
    // Where the kind's own keys start; a role and a field may share a name (`search`,
    // `aliases`), and a role's problem is the role's, whose key is written there.
    let key_indent = |line: &str| line.len() - line.trim_start().trim_start_matches("- ").len();
    let own = key_indent(lines[0]);
    let written = |line: &&str| {
        line.trim_start()
            .trim_start_matches("- ")
            .starts_with(&prefix)
    };
    let own_key = |line: &&str| written(line) && key_indent(line) == own;
    let with_value = |l: &&str| !value.is_empty() && l.contains(value);
    let found = lines
        .iter()
        .position(|l| own_key(l) && with_value(l))
        .or_else(|| lines.iter().position(|l| written(l) && with_value(l)))
        .or_else(|| lines.iter().position(own_key))
        .or_else(|| lines.iter().position(written));
    if let Some(i) = found {
        let line = lines[i];
        let trimmed = line.trim_start().trim_start_matches("- ");
        let key_at = line.len() - trimmed.len();
        let after = &line[key_at + prefix.len()..];
        let offset = match (value.is_empty(), after.find(value)) {
            _ if after.trim().is_empty() => key_at,
            (false, Some(at)) => key_at + prefix.len() + at,
            _ => key_at + prefix.len() + (after.len() - after.trim_start().len()),
        };
        return (start + i + 1, line[..offset].chars().count() + 1);
    }
    (start + 1, 1)
}

/// The line of a top-level `key:`, or the first line.
pub(super) fn key_line(text: &str, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map_or((1, 1), |i| (i + 1, 1))
}

/// Where the field `name` is declared in the section that starts at the line of `key:`
/// (`fields` of the `entry`-th kind, or a top-level `records` or `common`): at the name.
pub(super) fn field_position(
    text: &str,
    entry: Option<usize>,
    key: &str,
    name: &str,
) -> (usize, usize) {
    let (start, lines): (usize, Vec<&str>) = match entry {
        Some(entry) => entry_lines(text, entry).unwrap_or((0, Vec::new())),
        None => (0, text.lines().collect()),
    };
    let section = format!("{key}:");
    let Some(from) = lines.iter().position(|l| {
        l.trim_start()
            .trim_start_matches("- ")
            .starts_with(&section)
    }) else {
        return (start + 1, 1);
    };
    let prefix = format!("{name}:");
    for (i, line) in lines.iter().enumerate().skip(from + 1) {
        let trimmed = line.trim_start();
        if trimmed.starts_with(&prefix) {
            let column = line.len() - trimmed.len() + 1;
            return (start + i + 1, column);
        }
    }
    (start + from + 1, 1)
}
