//! Histories for JavaScript: `history.normalize`, history codes, the `HistoryIndex` for 名寄せ.

#[allow(clippy::wildcard_imports)]
use super::*;

/// An entry from the texts of insurer, symbol, number, branch, from, to.
pub(crate) fn entry_input(t: &[String]) -> EntryInput<'_> {
    let at = |i: usize| t.get(i).map_or("", String::as_str);
    EntryInput {
        insurer: at(0),
        symbol: at(1),
        number: at(2),
        branch: at(3),
        from: at(4),
        to: at(5),
    }
}
/// A normalized history read back from JS: entries' canonical fields (checked again) and root.
pub(crate) fn read_history(h: &JsValue) -> Result<History, JsValue> {
    let entries = get(h, "entries");
    let texts = read_rows(&entries, &["insurer", "symbol", "number", "branch"])?;
    let mut history = History::default();
    for t in &texts {
        let again = |kind: Field, i: usize| {
            let text = t.get(i).map_or("", String::as_str);
            match crate::normalize::field(kind, text) {
                Ok(v) if v == text => Ok(v),
                _ => Err(js_err(ErrorCode::Config)),
            }
        };
        history.entries.push(Entry {
            insurer: again(Field::Insurer, 0)?,
            symbol: again(Field::Symbol, 1)?,
            number: again(Field::Number, 2)?,
            branch: again(Field::Branch, 3)?,
            periods: Vec::new(),
        });
    }
    let root = get(h, "root");
    history.root = match root.as_f64() {
        _ if root.is_null() || root.is_undefined() => None,
        Some(r) if r.fract() == 0.0 && r >= 0.0 && (r as usize) < history.entries.len() => {
            Some(r as usize)
        }
        _ => return Err(js_err(ErrorCode::Config)),
    };
    Ok(history)
}
/// Person-level numbers of a history file → each person's history code; made by
/// `coder.historyIndex(rows)` and used only with that coder.
#[wasm_bindgen(js_name = HistoryIndex)]
pub struct JsHistoryIndex {
    pub(crate) inner: std::sync::Arc<crate::history::HistoryIndex>,
}
#[wasm_bindgen(js_class = HistoryIndex)]
impl JsHistoryIndex {
    /// Number of persons in the file.
    #[wasm_bindgen(getter)]
    pub fn persons(&self) -> u32 {
        self.inner.persons().len() as u32
    }

    /// Rejected rows of the history file: `[{row, field, code}]` (0-based row).
    #[wasm_bindgen(getter)]
    pub fn rejects(&self) -> js_sys::Array {
        rejects_to_js(self.inner.rejects(), "row")
    }
}
/// Normalizes a history: `entries` is an array of `{insurer, symbol, number, branch?, from?,
/// to?}` (several partial histories simply concatenated, any order). Returns `{entries, root,
/// warnings, rejects}`; see SPEC.md §5. Row problems are data (`rejects`, `warnings`).
#[wasm_bindgen(js_name = historyNormalize)]
pub fn history_normalize(entries: JsValue) -> Result<Object, JsValue> {
    let texts = read_rows(
        &entries,
        &["insurer", "symbol", "number", "branch", "from", "to"],
    )?;
    let inputs: Vec<EntryInput<'_>> = texts.iter().map(|t| entry_input(t)).collect();
    let h = crate::history::normalize(&inputs);
    let text = |d: Option<String>| d.map_or(JsValue::NULL, |d| JsValue::from_str(&d));
    let entries = js_sys::Array::new();
    for e in &h.entries {
        let item = Object::new();
        set(&item, "insurer", &JsValue::from_str(&e.insurer));
        set(&item, "symbol", &JsValue::from_str(&e.symbol));
        set(&item, "number", &JsValue::from_str(&e.number));
        set(&item, "branch", &JsValue::from_str(&e.branch));
        let periods = js_sys::Array::new();
        for p in &e.periods {
            let period = Object::new();
            set(&period, "from", &text(p.from_text()));
            set(&period, "to", &text(p.to_text()));
            periods.push(&period);
        }
        set(&item, "periods", &periods);
        entries.push(&item);
    }
    let warnings = js_sys::Array::new();
    for w in &h.warnings {
        let item = Object::new();
        set(&item, "code", &JsValue::from_str(w.code.as_str()));
        let indices = js_sys::Array::new();
        for &i in &w.entries {
            indices.push(&JsValue::from_f64(i as f64));
        }
        set(&item, "entries", &indices);
        warnings.push(&item);
    }
    let out = Object::new();
    set(&out, "entries", &entries);
    set(
        &out,
        "root",
        &h.root
            .map_or(JsValue::NULL, |r| JsValue::from_f64(r as f64)),
    );
    set(&out, "warnings", &warnings);
    set(&out, "rejects", &rejects_to_js(&h.rejects, "index"));
    Ok(out)
}
