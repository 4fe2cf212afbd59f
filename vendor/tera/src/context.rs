use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use serde::ser::Serialize;
use serde_json::value::{to_value, Map, Value};

use crate::errors::{Error, Result as TeraResult};

/// The struct that holds the context of a template rendering.
///
/// Light wrapper around a `BTreeMap` for easier insertions of Serializable
/// values
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    data: BTreeMap<String, Value>,
    /// PATCH (vendor/tera/PATCHES.md, item 8): the variables many renders share (a site's
    /// navigation, on every page), read where `data` has no variable of that name.
    shared: Option<Arc<Context>>,
}

impl Context {
    /// Initializes an empty context
    pub fn new() -> Self {
        Context { data: BTreeMap::new(), shared: None }
    }

    /// PATCH (vendor/tera/PATCHES.md, item 8): `shared`'s variables are this context's
    /// too, where it has none of the same name. Many contexts can hold one `shared`, so
    /// what every render reads is made once, not once a render.
    ///
    /// ```rust
    /// # use std::sync::Arc;
    /// # use tera::Context;
    /// let mut site = Context::new();
    /// site.insert("site_title", "Records");
    /// let site = Arc::new(site);
    /// let mut page = Context::new().with_shared(Arc::clone(&site));
    /// page.insert("title", "About");
    /// assert_eq!(page.get("site_title").unwrap(), "Records");
    /// ```
    pub fn with_shared(mut self, shared: Arc<Context>) -> Self {
        self.shared = Some(shared);
        self
    }

    /// Converts the `val` parameter to `Value` and insert it into the context.
    ///
    /// Panics if the serialization fails.
    ///
    /// ```rust
    /// # use tera::Context;
    /// let mut context = tera::Context::new();
    /// context.insert("number_users", &42);
    /// ```
    pub fn insert<T: Serialize + ?Sized, S: Into<String>>(&mut self, key: S, val: &T) {
        self.data.insert(key.into(), to_value(val).unwrap());
    }

    /// Converts the `val` parameter to `Value` and insert it into the context.
    ///
    /// Returns an error if the serialization fails.
    ///
    /// ```rust
    /// # use tera::Context;
    /// # struct CannotBeSerialized;
    /// # impl serde::Serialize for CannotBeSerialized {
    /// #     fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
    /// #         Err(serde::ser::Error::custom("Error"))
    /// #     }
    /// # }
    /// # let user = CannotBeSerialized;
    /// let mut context = Context::new();
    /// // user is an instance of a struct implementing `Serialize`
    /// if let Err(_) = context.try_insert("number_users", &user) {
    ///     // Serialization failed
    /// }
    /// ```
    pub fn try_insert<T: Serialize + ?Sized, S: Into<String>>(
        &mut self,
        key: S,
        val: &T,
    ) -> TeraResult<()> {
        self.data.insert(key.into(), to_value(val)?);

        Ok(())
    }

    /// Appends the data of the `source` parameter to `self`, overwriting existing keys.
    /// The source context will be dropped.
    ///
    /// ```rust
    /// # use tera::Context;
    /// let mut target = Context::new();
    /// target.insert("a", &1);
    /// target.insert("b", &2);
    /// let mut source = Context::new();
    /// source.insert("b", &3);
    /// source.insert("d", &4);
    /// target.extend(source);
    /// ```
    pub fn extend(&mut self, mut source: Context) {
        self.data.append(&mut source.data);
        // PATCH (item 8): the source's shared variables too, unless self has its own.
        if self.shared.is_none() {
            self.shared = source.shared;
        }
    }

    /// Converts the context to a `serde_json::Value` consuming the context.
    pub fn into_json(self) -> Value {
        // PATCH (item 8): the shared variables first, so that its own replace them.
        let mut m = match self.shared {
            Some(shared) => match Arc::unwrap_or_clone(shared).into_json() {
                Value::Object(m) => m,
                _ => Map::new(),
            },
            None => Map::new(),
        };
        for (key, value) in self.data {
            m.insert(key, value);
        }
        Value::Object(m)
    }

    /// Takes a serde-json `Value` and convert it into a `Context` with no overhead/cloning.
    pub fn from_value(obj: Value) -> TeraResult<Self> {
        match obj {
            Value::Object(m) => {
                let mut data = BTreeMap::new();
                for (key, value) in m {
                    data.insert(key, value);
                }
                Ok(Context { data, shared: None })
            }
            _ => Err(Error::msg(
                "Creating a Context from a Value/Serialize requires it being a JSON object",
            )),
        }
    }

    /// Takes something that impl Serialize and create a context with it.
    /// Meant to be used if you have a hashmap or a struct and don't want to insert values
    /// one by one in the context.
    pub fn from_serialize(value: impl Serialize) -> TeraResult<Self> {
        let obj = to_value(value).map_err(Error::json)?;
        Context::from_value(obj)
    }

    /// Returns the value at a given key index.
    pub fn get(&self, index: &str) -> Option<&Value> {
        // PATCH (item 8): or the shared variable of that name.
        self.data.get(index).or_else(|| self.shared.as_deref()?.get(index))
    }

    /// Remove a key from the context, returning the value at the key if the key was previously inserted into the context.
    ///
    /// PATCH (item 8): a shared variable is not removed, and stays readable.
    pub fn remove(&mut self, index: &str) -> Option<Value> {
        self.data.remove(index)
    }

    /// Checks if a value exists at a specific index.
    pub fn contains_key(&self, index: &str) -> bool {
        // PATCH (item 8): or a shared variable of that name.
        self.data.contains_key(index) || self.shared.as_deref().is_some_and(|s| s.contains_key(index))
    }
}

impl Default for Context {
    fn default() -> Context {
        Context::new()
    }
}

pub trait ValueRender {
    fn render(&self, write: &mut impl Write) -> std::io::Result<()>;
}

// Convert serde Value to String.
impl ValueRender for Value {
    fn render(&self, write: &mut impl Write) -> std::io::Result<()> {
        match *self {
            // PATCH (vendor/tera/PATCHES.md, item 5): copied, not formatted.
            Value::String(ref s) => write.write_all(s.as_bytes()),
            Value::Number(ref i) => {
                if let Some(v) = i.as_i64() {
                    write!(write, "{}", v)
                } else if let Some(v) = i.as_u64() {
                    write!(write, "{}", v)
                } else if let Some(v) = i.as_f64() {
                    write!(write, "{}", v)
                } else {
                    unreachable!()
                }
            }
            Value::Bool(i) => write.write_all(if i { b"true" } else { b"false" }),
            Value::Null => Ok(()),
            Value::Array(ref a) => {
                let mut first = true;
                write!(write, "[")?;
                for i in a.iter() {
                    if !first {
                        write!(write, ", ")?;
                    }
                    first = false;
                    i.render(write)?;
                }
                write!(write, "]")?;
                Ok(())
            }
            Value::Object(_) => write!(write, "[object]"),
        }
    }
}

pub trait ValueNumber {
    fn to_number(&self) -> Result<f64, ()>;
}
// Needed for all the maths
// Convert everything to f64, seems like a terrible idea
impl ValueNumber for Value {
    fn to_number(&self) -> Result<f64, ()> {
        match *self {
            Value::Number(ref i) => Ok(i.as_f64().unwrap()),
            _ => Err(()),
        }
    }
}

// From handlebars-rust
pub trait ValueTruthy {
    fn is_truthy(&self) -> bool;
}

impl ValueTruthy for Value {
    fn is_truthy(&self) -> bool {
        match *self {
            Value::Number(ref i) => {
                if i.is_i64() {
                    return i.as_i64().unwrap() != 0;
                }
                if i.is_u64() {
                    return i.as_u64().unwrap() != 0;
                }
                let f = i.as_f64().unwrap();
                f != 0.0 && !f.is_nan()
            }
            Value::Bool(ref i) => *i,
            Value::Null => false,
            Value::String(ref i) => !i.is_empty(),
            Value::Array(ref i) => !i.is_empty(),
            Value::Object(ref i) => !i.is_empty(),
        }
    }
}

/// Converts a dotted path to a json pointer one
#[inline]
#[deprecated(
    since = "1.8.0",
    note = "`get_json_pointer` converted a dotted pointer to a json pointer, use dotted_pointer for direct lookups of values"
)]
pub fn get_json_pointer(key: &str) -> String {
    lazy_static::lazy_static! {
        // Split the key into dot-separated segments, respecting quoted strings as single units
        // to fix https://github.com/Keats/tera/issues/590
        static ref JSON_POINTER_REGEX: regex::Regex = regex::Regex::new(r#""[^"]*"|[^.]+"#).unwrap();
    }
    let mut res = String::with_capacity(key.len() + 1);
    if key.find('"').is_some() {
        for mat in JSON_POINTER_REGEX.find_iter(key) {
            res.push('/');
            res.push_str(mat.as_str().trim_matches('"'));
        }
    } else {
        res.push('/');
        res.push_str(&key.replace('.', "/"));
    }
    res
}

/// following iterator immitates regex::Regex::new(r#""[^"]*"|[^.\[\]]+"#) but also strips `"` and `'`
struct PointerMachina<'a> {
    pointer: &'a str,
    single_quoted: bool,
    dual_quoted: bool,
    escaped: bool,
    last_position: usize,
}

impl PointerMachina<'_> {
    fn new(pointer: &str) -> PointerMachina {
        PointerMachina {
            pointer,
            single_quoted: false,
            dual_quoted: false,
            escaped: false,
            last_position: 0,
        }
    }
}

impl<'a> Iterator for PointerMachina<'a> {
    type Item = &'a str;

    // next() is the only required method
    fn next(&mut self) -> Option<Self::Item> {
        let forwarded = &self.pointer[self.last_position..];
        let mut offset: usize = 0;
        for (i, character) in forwarded.chars().enumerate() {
            match character {
                '"' => {
                    if !self.escaped {
                        self.dual_quoted = !self.dual_quoted;
                        if i == offset {
                            offset += 1;
                        } else {
                            let result =
                                &self.pointer[self.last_position + offset..self.last_position + i];

                            self.last_position += i + 1; // +1 for skipping this quote
                            if !result.is_empty() {
                                return Some(result);
                            }
                        }
                    }
                }
                '\'' => {
                    if !self.escaped {
                        self.single_quoted = !self.single_quoted;
                        if i == offset {
                            offset += 1;
                        } else {
                            let result =
                                &self.pointer[self.last_position + offset..self.last_position + i];
                            self.last_position += i + 1; // +1 for skipping this quote
                            if !result.is_empty() {
                                return Some(result);
                            }
                        }
                    }
                }
                '\\' => {
                    self.escaped = true;
                    continue;
                }
                '[' => {
                    if !self.single_quoted && !self.dual_quoted && !self.escaped {
                        let result =
                            &self.pointer[self.last_position + offset..self.last_position + i];
                        self.last_position += i + 1;
                        if !result.is_empty() {
                            return Some(result);
                        }
                    }
                }
                ']' => {
                    if !self.single_quoted && !self.dual_quoted && !self.escaped {
                        offset += 1;
                    }
                }
                '.' => {
                    if !self.single_quoted && !self.dual_quoted && !self.escaped {
                        if i == offset {
                            offset += 1;
                        } else {
                            let result =
                                &self.pointer[self.last_position + offset..self.last_position + i];
                            self.last_position += i + 1;
                            if !result.is_empty() {
                                return Some(result);
                            }
                        }
                    }
                }
                _ => (),
            }
            self.escaped = false;
        }
        if self.last_position + offset < self.pointer.len() {
            let result = &self.pointer[self.last_position + offset..];
            self.last_position = self.pointer.len();
            return Some(result);
        }
        None
    }
}

/// Lookups a dotted path in a json value
/// contrary to the json slash pointer it's not allowed to begin with a dot
#[inline]
#[must_use]
pub fn dotted_pointer<'a>(value: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(value);
    }

    // PATCH (vendor/tera/PATCHES.md, item 7): a path of plain names (`page.fields.title`,
    // `items.0`) is split at its dots, without the machine that reads quotes and brackets.
    if is_plain_path(pointer) {
        return plain_segments(pointer).try_fold(value, pointer_step);
    }
    PointerMachina::new(pointer)
        .map(unescape_segment)
        .try_fold(value, |target, token| pointer_step(target, &token))
}

/// One step down a dotted path: a key of an object, an index of an array.
fn pointer_step<'a>(target: &'a Value, token: &str) -> Option<&'a Value> {
    match target {
        Value::Object(map) => map.get(token),
        Value::Array(list) => parse_index(token).and_then(|x| list.get(x)),
        _ => None,
    }
}

/// PATCH (vendor/tera/PATCHES.md, item 7): a path that `PointerMachina` would only split at
/// its dots: no quotes, brackets, backslashes, nor `~` to unescape.
fn is_plain_path(pointer: &str) -> bool {
    pointer.bytes().all(|b| !matches!(b, b'"' | b'\'' | b'\\' | b'[' | b']' | b'~'))
}

/// PATCH (vendor/tera/PATCHES.md, item 7): the segments of a plain path, as `PointerMachina`
/// gives them: split at each dot, empty ones left out.
fn plain_segments(pointer: &str) -> impl Iterator<Item = &str> {
    let mut rest = pointer;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let end = rest.bytes().position(|b| b == b'.').unwrap_or(rest.len());
        let segment = &rest[..end];
        rest = rest.get(end + 1..).unwrap_or("");
        if !segment.is_empty() {
            return Some(segment);
        }
    })
}

/// PATCH (vendor/tera/PATCHES.md): a segment of a dotted path, unescaped (`~1` is `/`, `~0`
/// is `~`) only if it holds a `~`. Upstream made two new strings for every segment of
/// every lookup, whatever it held: a tenth of the instructions of a cyberrecord build.
pub(crate) fn unescape_segment(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.bytes().any(|b| b == b'~') {
        std::borrow::Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(segment)
    }
}

/// serde jsons parse_index
#[inline]
fn parse_index(s: &str) -> Option<usize> {
    if s.starts_with('+') || (s.starts_with('0') && s.len() != 1) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;
    use std::collections::HashMap;

    // PATCH (vendor/tera/PATCHES.md): segments are unescaped only when they hold a `~`.
    #[test]
    fn dotted_pointer_unescapes_segments_that_need_it() {
        let value = json!({"a/b": {"c~d": 1}, "plain": {"key": 2}});
        assert_eq!(dotted_pointer(&value, "a~1b.c~0d"), Some(&json!(1)));
        assert_eq!(dotted_pointer(&value, "plain.key"), Some(&json!(2)));
        assert_eq!(dotted_pointer(&value, "plain.missing"), None);
        assert!(matches!(unescape_segment("key"), std::borrow::Cow::Borrowed("key")));
    }

    // PATCH (vendor/tera/PATCHES.md, item 7): plain paths split as the machine splits them.
    #[test]
    fn plain_paths_split_as_the_pointer_machine_does() {
        for path in ["a", "a.b", "a..b", ".a.b.", "page.fields.date.year", "items.0", "x_1.y-2", ""] {
            assert!(is_plain_path(path), "{path}");
            let machine: Vec<&str> = PointerMachina::new(path).collect();
            let plain: Vec<&str> = plain_segments(path).collect();
            assert_eq!(plain, machine, "{path:?}");
        }
        // The machine slices at character counts, not bytes: it cannot split "é.ü".
        assert_eq!(plain_segments("é.ü").collect::<Vec<_>>(), ["é", "ü"]);
        for path in ["a[0]", "a.\"b.c\"", "a~1b", "a\\.b", "it's"] {
            assert!(!is_plain_path(path), "{path}");
        }
        let value = json!({"a": {"b": [10, {"c": 3}]}});
        assert_eq!(dotted_pointer(&value, "a.b.1.c"), Some(&json!(3)));
        assert_eq!(dotted_pointer(&value, "a.b.01"), None);
        assert_eq!(dotted_pointer(&value, "a.b.0.c"), None);
    }

    #[test]
    fn test_dotted_pointer() {
        let data = r#"{
            "foo": {
                "bar": {
                    "goo": {
                        "moo": {
                            "cows": [
                                {
                                    "name": "betsy",
                                    "age" : 2,
                                    "temperament": "calm"
                                },
                                {
                                    "name": "elsie",
                                    "age": 3,
                                    "temperament": "calm"
                                },
                                {
                                    "name": "veal",
                                    "age": 1,
                                    "temperament": "ornery"
                                }
                            ]
                        }
                    }
                },
                "http://example.com/": {
                    "goo": {
                        "moo": {
                            "cows": [
                                {
                                    "name": "betsy",
                                    "age" : 2,
                                    "temperament": "calm"
                                },
                                {
                                    "name": "elsie",
                                    "age": 3,
                                    "temperament": "calm"
                                },
                                {
                                    "name": "veal",
                                    "age": 1,
                                    "temperament": "ornery"
                                }
                            ]
                        }
                    }
                }
            }
            }"#;

        let value = serde_json::from_str(data).unwrap();

        assert_eq!(dotted_pointer(&value, ""), Some(&value));
        assert_eq!(dotted_pointer(&value, "foo"), value.pointer("/foo"));
        assert_eq!(dotted_pointer(&value, "foo.bar.goo"), value.pointer("/foo/bar/goo"));
        assert_eq!(dotted_pointer(&value, "skrr"), value.pointer("/skrr"));
        assert_eq!(
            dotted_pointer(&value, r#"foo["bar"].baz"#),
            value.pointer(r#"/foo["bar"]/baz"#)
        );
        assert_eq!(
            dotted_pointer(&value, r#"foo["bar"].baz["qux"].blub"#),
            value.pointer(r#"/foo["bar"]/baz["qux"]/blub"#)
        );
    }

    // PATCH (vendor/tera/PATCHES.md, item 8): shared variables.
    #[test]
    fn a_shared_variable_is_read_where_the_context_has_none_of_its_name() {
        let mut shared = Context::new();
        shared.insert("site", &json!({"title": "Records"}));
        shared.insert("title", "shared");
        let shared = Arc::new(shared);
        let mut page = Context::new().with_shared(Arc::clone(&shared));
        page.insert("title", "own");
        assert_eq!(page.get("site"), Some(&json!({"title": "Records"})));
        assert_eq!(page.get("title"), Some(&json!("own")));
        assert!(page.contains_key("site"));
        assert!(!page.contains_key("nothing"));
        assert_eq!(page.remove("site"), None);
        assert_eq!(
            page.clone().into_json(),
            json!({"site": {"title": "Records"}, "title": "own"})
        );
        let mut other = Context::new();
        other.extend(page);
        assert_eq!(other.get("site"), Some(&json!({"title": "Records"})));
    }

    #[test]
    fn can_extend_context() {
        let mut target = Context::new();
        target.insert("a", &1);
        target.insert("b", &2);
        let mut source = Context::new();
        source.insert("b", &3);
        source.insert("c", &4);
        target.extend(source);
        assert_eq!(*target.data.get("a").unwrap(), to_value(1).unwrap());
        assert_eq!(*target.data.get("b").unwrap(), to_value(3).unwrap());
        assert_eq!(*target.data.get("c").unwrap(), to_value(4).unwrap());
    }

    #[test]
    fn can_create_context_from_value() {
        let obj = json!({
            "name": "bob",
            "age": 25
        });
        let context_from_value = Context::from_value(obj).unwrap();
        let mut context = Context::new();
        context.insert("name", "bob");
        context.insert("age", &25);
        assert_eq!(context_from_value, context);
    }

    #[test]
    fn can_create_context_from_impl_serialize() {
        let mut map = HashMap::new();
        map.insert("name", "bob");
        map.insert("last_name", "something");
        let context_from_serialize = Context::from_serialize(&map).unwrap();
        let mut context = Context::new();
        context.insert("name", "bob");
        context.insert("last_name", "something");
        assert_eq!(context_from_serialize, context);
    }

    #[test]
    fn can_remove_a_key() {
        let mut context = Context::new();
        context.insert("name", "foo");
        context.insert("bio", "Hi, I'm foo.");

        let mut expected = Context::new();
        expected.insert("name", "foo");
        assert_eq!(context.remove("bio"), Some(to_value("Hi, I'm foo.").unwrap()));
        assert_eq!(context.get("bio"), None);
        assert_eq!(context, expected);
    }

    #[test]
    fn remove_return_none_with_unknown_index() {
        let mut context = Context::new();
        assert_eq!(context.remove("unknown"), None);
    }
}
