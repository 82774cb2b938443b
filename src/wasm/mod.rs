//! The JavaScript boundary (wasm32 only): converts JS values, calls the core, maps errors to
//! real `Error` objects with `name = "LinkcodeError"`, `code`, `field`, `rule` and `row`.
//! It holds no logic of its own; the npm package's `api.mjs` adds only argument packing.
//! Submodules: `key`, `coder`, `history`, `normalize`, `pseudonymize`, `link`, `mpi`; this file has the shared conversions.

use std::sync::Arc;

use js_sys::{Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::batch::Columns;
use crate::code::{self, Code, CodeFormat, Coder, Encoding, Record, Rule};
use crate::error::{Error, ErrorCode, Field, Kind, Reject, Subject};
use crate::history::{Entry, EntryInput, History, Source};
use crate::key::{Jwk, LinkageKey};

mod coder;
mod history;
mod key;
mod link;
mod mpi;
mod normalize;
mod pseudonymize;

pub use coder::{rekey, JsCoder};
pub use history::{history_normalize, JsHistoryIndex};
pub use key::JsLinkageKey;
pub use link::{link_files, JsLinker};
pub use mpi::JsLocationIndex;
pub use normalize::{
    error_codes, normalize_explain, normalize_field, rule_ids, spec_version, subject_names,
};
pub use pseudonymize::{manifest_of_parts, JsPseudonymizer, JsSha256};

/// The JS `Error` for a linkcode error; its message names field, rule and row, never a value.
pub(crate) fn to_js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("LinkcodeError");
    let set = |name: &str, value: JsValue| {
        // Setting a property on a fresh Error object cannot fail.
        let _ = Reflect::set(&err, &JsValue::from_str(name), &value);
    };
    set("code", JsValue::from_str(e.code().as_str()));
    set(
        "field",
        e.subject()
            .map_or(JsValue::UNDEFINED, |f| JsValue::from_str(f.as_str())),
    );
    set(
        "rule",
        e.rule().map_or(JsValue::UNDEFINED, JsValue::from_str),
    );
    set(
        "row",
        e.row()
            .map_or(JsValue::UNDEFINED, |r| JsValue::from_f64(r as f64)),
    );
    err.into()
}
pub(crate) fn js_err(code: ErrorCode) -> JsValue {
    to_js_error(&Error::new(code))
}
pub(crate) fn get(obj: &JsValue, name: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}
/// A record value as text: strings as they are, non-negative safe integers in decimal,
/// `null`/`undefined` as absent; anything else is `E_CONFIG` for that field.
pub(crate) fn value_text(value: &JsValue, field: Field) -> Result<String, JsValue> {
    value_text_of(value, Subject::Field(field))
}
/// As [`value_text`], for any subject (history rows have `person`, `from` and `to`).
pub(crate) fn value_text_of(value: &JsValue, subject: Subject) -> Result<String, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&n) => {
            // A safe integer: the cast is exact, and integer formatting avoids float formatting code.
            Ok((n as u64).to_string())
        }
        _ => Err(to_js_error(&Error::field(ErrorCode::Config, subject))),
    }
}
pub(crate) fn code_to_js(format: CodeFormat, code: &Code) -> JsValue {
    match format.encoding {
        Encoding::Raw => Uint8Array::from(format.bytes(code)).into(),
        _ => JsValue::from_str(&format.text(code)),
    }
}
pub(crate) fn set(obj: &Object, name: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(name), value);
}
/// Columns from the packed form: `fields.len()` columns of `rows` values each, in order.
pub(crate) fn unpack_columns<'a>(
    fields: &[String],
    values: &[&'a str],
    rows: usize,
) -> Result<Columns<'a>, JsValue> {
    if fields.len().checked_mul(rows) != Some(values.len()) {
        return Err(js_err(ErrorCode::Config));
    }
    let mut columns = Columns::new(rows);
    for (name, chunk) in fields.iter().zip(values.chunks(rows.max(1))) {
        let field = Field::from_name(name).ok_or_else(|| js_err(ErrorCode::Config))?;
        columns
            .insert(field, chunk.to_vec())
            .map_err(|e| to_js_error(&e))?;
    }
    Ok(columns)
}
/// `{codes, coded, rejects}`: codes as one fixed-width string (blank slots for rejected rows)
/// or one byte array (zero slots), a 0/1 flag per row, rejects as `[row, subject, code]*`.
pub(crate) fn pack_codes(format: CodeFormat, codes: &[Option<Code>], rejects: &[Reject]) -> Object {
    let coded: Vec<u8> = codes.iter().map(|c| u8::from(c.is_some())).collect();
    let packed: JsValue = if format.encoding == Encoding::Raw {
        let mut bytes = vec![0u8; codes.len() * format.byte_len()];
        for (slot, code) in bytes.chunks_exact_mut(format.byte_len()).zip(codes) {
            if let Some(code) = code {
                slot.copy_from_slice(format.bytes(code));
            }
        }
        Uint8Array::from(bytes.as_slice()).into()
    } else {
        let mut text = String::with_capacity(codes.len() * format.text_len());
        let blank = " ".repeat(format.text_len());
        for code in codes {
            match code {
                Some(code) => format.push_text(code, &mut text),
                None => text.push_str(&blank),
            }
        }
        JsValue::from_str(&text)
    };
    let flat: Vec<u32> = rejects
        .iter()
        .flat_map(|r| {
            let code = ErrorCode::ALL
                .iter()
                .position(|&c| c == r.code)
                .unwrap_or_default();
            [r.row as u32, r.field.index() as u32, code as u32]
        })
        .collect();
    let out = Object::new();
    set(&out, "codes", &packed);
    set(&out, "coded", &Uint8Array::from(coded.as_slice()));
    set(&out, "rejects", &Uint32Array::from(flat.as_slice()));
    out
}
/// Rows of an array of objects, each as the texts of `names` (absent = empty).
pub(crate) fn read_rows(rows: &JsValue, names: &[&str]) -> Result<Vec<Vec<String>>, JsValue> {
    if !js_sys::Array::is_array(rows) {
        return Err(js_err(ErrorCode::Config));
    }
    js_sys::Array::from(rows)
        .iter()
        .map(|row| {
            if !row.is_object() {
                return Err(js_err(ErrorCode::Config));
            }
            names
                .iter()
                .map(|&name| {
                    let field = Field::from_name(name).map_or(Subject::History, Subject::Field);
                    value_text_of(&get(&row, name), field)
                })
                .collect()
        })
        .collect()
}
/// Splits `data` into consecutive pieces of the given UTF-16 lengths (JS `string.length`).
pub(crate) fn split_utf16<'a>(data: &'a str, lengths: &[u32]) -> Option<Vec<&'a str>> {
    let mut out = Vec::with_capacity(lengths.len());
    let mut start = 0;
    if data.is_ascii() {
        for &len in lengths {
            let end = start + len as usize;
            out.push(data.get(start..end)?);
            start = end;
        }
    } else {
        let mut chars = data.chars();
        for &len in lengths {
            let (mut units, mut end) = (0usize, start);
            while units < len as usize {
                let c = chars.next()?;
                units += c.len_utf16();
                end += c.len_utf8();
            }
            if units != len as usize {
                return None;
            }
            out.push(data.get(start..end)?);
            start = end;
        }
    }
    (start == data.len()).then_some(out)
}
pub(crate) fn code_from_js(code: &JsValue) -> Result<Code, JsValue> {
    if let Some(text) = code.as_string() {
        return Code::parse(&text).map_err(|e| to_js_error(&e));
    }
    if let Some(bytes) = code.dyn_ref::<Uint8Array>() {
        let bytes: [u8; 32] = bytes
            .to_vec()
            .try_into()
            .map_err(|_| js_err(ErrorCode::Encoding))?;
        return Ok(Code::from_bytes(bytes));
    }
    Err(js_err(ErrorCode::Encoding))
}
pub(crate) fn rejects_to_js(rejects: &[Reject], row_name: &str) -> js_sys::Array {
    let out = js_sys::Array::new();
    for r in rejects {
        let item = Object::new();
        set(&item, row_name, &JsValue::from_f64(r.row as f64));
        set(&item, "field", &JsValue::from_str(r.field.as_str()));
        set(&item, "code", &JsValue::from_str(r.code.as_str()));
        out.push(&item);
    }
    out
}
