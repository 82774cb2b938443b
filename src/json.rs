//! Just enough JSON writing for manifests and key files: no parsing, members in the order given.

/// A JSON value.
pub(crate) enum Json {
    /// A string.
    Str(String),
    /// A non-negative integer.
    Num(u64),
    /// A boolean.
    Bool(bool),
    /// An array.
    Arr(Vec<Json>),
    /// An object, members in order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// Appends the value, pretty-printed with two-space indents from `indent`.
    pub(crate) fn write(&self, out: &mut String, indent: usize) {
        let pad = |out: &mut String, n: usize| out.extend(core::iter::repeat_n(' ', n));
        match self {
            Json::Str(s) => write_json_string(out, s),
            Json::Num(n) => out.push_str(&n.to_string()),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Obj(items) if items.is_empty() => out.push_str("{}"),
            Json::Arr(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    pad(out, indent + 2);
                    item.write(out, indent + 2);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, indent);
                out.push(']');
            }
            Json::Obj(members) => {
                out.push_str("{\n");
                for (i, (key, value)) in members.iter().enumerate() {
                    pad(out, indent + 2);
                    write_json_string(out, key);
                    out.push_str(": ");
                    value.write(out, indent + 2);
                    out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
                }
                pad(out, indent);
                out.push('}');
            }
        }
    }
}

impl Json {
    /// Appends the value without any whitespace (one NDJSON line).
    pub(crate) fn write_compact(&self, out: &mut String) {
        match self {
            Json::Str(s) => write_json_string(out, s),
            Json::Num(n) => out.push_str(&n.to_string()),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_compact(out);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(out, key);
                    out.push(':');
                    value.write_compact(out);
                }
                out.push('}');
            }
        }
    }

    /// The member `name` of an object.
    pub(crate) fn member(&self, name: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items of an array.
    pub(crate) fn items(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }

    /// The texts of an array of strings.
    pub(crate) fn strings(&self) -> Option<Vec<&str>> {
        self.items()?.iter().map(Json::text).collect()
    }
}

/// Parses one JSON value made of objects, arrays, strings, booleans and non-negative integers
/// (what linkcode writes); `None` for anything else or trailing text.
pub(crate) fn parse(text: &str) -> Option<Json> {
    let mut p = Parser {
        chars: text.chars().peekable(),
    };
    let value = p.value()?;
    p.skip_ws();
    p.chars.next().is_none().then_some(value)
}

struct Parser<'a> {
    chars: core::iter::Peekable<core::str::Chars<'a>>,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self
            .chars
            .next_if(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
            .is_some()
        {}
    }

    fn value(&mut self) -> Option<Json> {
        self.skip_ws();
        match *self.chars.peek()? {
            '"' => self.string().map(Json::Str),
            '[' => {
                self.chars.next();
                let mut items = Vec::new();
                self.skip_ws();
                if self.chars.next_if_eq(&']').is_some() {
                    return Some(Json::Arr(items));
                }
                loop {
                    items.push(self.value()?);
                    self.skip_ws();
                    match self.chars.next()? {
                        ',' => {}
                        ']' => return Some(Json::Arr(items)),
                        _ => return None,
                    }
                }
            }
            '{' => {
                self.chars.next();
                let mut members = Vec::new();
                self.skip_ws();
                if self.chars.next_if_eq(&'}').is_some() {
                    return Some(Json::Obj(members));
                }
                loop {
                    self.skip_ws();
                    let key = self.string()?;
                    self.skip_ws();
                    self.chars.next_if_eq(&':')?;
                    members.push((key, self.value()?));
                    self.skip_ws();
                    match self.chars.next()? {
                        ',' => {}
                        '}' => return Some(Json::Obj(members)),
                        _ => return None,
                    }
                }
            }
            't' | 'f' => {
                let word: String =
                    core::iter::from_fn(|| self.chars.next_if(char::is_ascii_lowercase)).collect();
                match word.as_str() {
                    "true" => Some(Json::Bool(true)),
                    "false" => Some(Json::Bool(false)),
                    _ => None,
                }
            }
            c if c.is_ascii_digit() => {
                let digits: String =
                    core::iter::from_fn(|| self.chars.next_if(char::is_ascii_digit)).collect();
                digits.parse().ok().map(Json::Num)
            }
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        self.chars.next_if_eq(&'"')?;
        let mut out = String::new();
        loop {
            match self.chars.next()? {
                '"' => return Some(out),
                '\\' => match self.chars.next()? {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| self.chars.next()).collect();
                        let unit = u32::from_str_radix(&hex, 16).ok()?;
                        // Surrogate pairs are not written by linkcode; a lone one is refused.
                        out.push(char::from_u32(unit)?);
                    }
                    _ => return None,
                },
                c if u32::from(c) < 0x20 => return None,
                c => out.push(c),
            }
        }
    }
}

/// Appends `s` as a JSON string literal.
pub(crate) fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_writers_write_parses_back() {
        let value = Json::Obj(vec![
            ("a".into(), Json::Str("x\"y\\z\n\u{1}é".into())),
            (
                "b".into(),
                Json::Arr(vec![Json::Num(12), Json::Bool(true), Json::Obj(vec![])]),
            ),
        ]);
        for pretty in [false, true] {
            let mut text = String::new();
            if pretty {
                value.write(&mut text, 0);
            } else {
                value.write_compact(&mut text);
            }
            let back = parse(&text).unwrap();
            assert_eq!(
                back.member("a").and_then(Json::text),
                Some("x\"y\\z\n\u{1}é")
            );
            assert_eq!(
                back.member("b").and_then(Json::items).map(<[Json]>::len),
                Some(3)
            );
        }
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "\"\\ud800\"",
            "nul",
            "{} x",
            "-1",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
