//! Linking code files for JavaScript: `linkFiles` for texts, `Linker` for files in chunks.

#[allow(clippy::wildcard_imports)]
use super::*;
use crate::link::{CodeFileReader, Linkage, Linker};

/// `{persons, report}`: the persons CSV (`file,row,person`) and the report JSON (SPEC.md §9).
fn linkage_to_js(linkage: &Linkage) -> Object {
    let out = Object::new();
    let persons = crate::link::persons_csv(linkage);
    set(&out, "persons", &JsValue::from_str(&persons));
    let report = crate::link::report_json(&linkage.report);
    set(&out, "report", &JsValue::from_str(&report));
    out
}

/// Links code files (CSV texts, file `i` is number `i + 1`) on `keys`, strongest first, where
/// different values of the `exclusive` keys mean different people: `{persons, report}`.
/// Throws `E_CSV_QUOTE` for a quote never closed.
#[wasm_bindgen(js_name = linkFiles)]
pub fn link_files(
    texts: Vec<String>,
    keys: Vec<String>,
    exclusive: Vec<String>,
) -> Result<Object, JsValue> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let linkage = crate::link::link_files(&refs, &keys, &exclusive).map_err(|e| to_js_error(&e))?;
    Ok(linkage_to_js(&linkage))
}

/// Links code files read in chunks: `feed(bytes)` adds to the current file (the first file is
/// number 1), `endFile()` ends it, `finish()` links everything: `{persons, report}`.
#[wasm_bindgen(js_name = Linker)]
pub struct JsLinker {
    linker: Option<Linker>,
    file: Option<CodeFileReader>,
    files: u32,
}

#[wasm_bindgen(js_class = Linker)]
impl JsLinker {
    /// A linker for `keys` (strongest first) and `exclusive` keys.
    #[wasm_bindgen(constructor)]
    pub fn new(keys: Vec<String>, exclusive: Vec<String>) -> JsLinker {
        JsLinker {
            linker: Some(Linker::new(&keys, &exclusive)),
            file: None,
            files: 0,
        }
    }

    /// Adds the bytes of the current file (starting the next file after `endFile`).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let linker = self
            .linker
            .as_mut()
            .ok_or_else(|| js_err(ErrorCode::Config))?;
        let files = &mut self.files;
        let file = self.file.get_or_insert_with(|| {
            *files += 1;
            CodeFileReader::new(*files)
        });
        file.feed(linker, chunk);
        Ok(())
    }

    /// Ends the current file. Throws `E_CSV_QUOTE` for a quote never closed.
    #[wasm_bindgen(js_name = endFile)]
    pub fn end_file(&mut self) -> Result<(), JsValue> {
        let linker = self
            .linker
            .as_mut()
            .ok_or_else(|| js_err(ErrorCode::Config))?;
        match self.file.take() {
            Some(file) => file.finish(linker).map_err(|e| to_js_error(&e)),
            None => {
                // An empty file still takes its number.
                self.files += 1;
                Ok(())
            }
        }
    }

    /// Links every record fed (ending a file still open). Throws `E_CONFIG` when called twice.
    pub fn finish(&mut self) -> Result<Object, JsValue> {
        if self.file.is_some() {
            self.end_file()?;
        }
        let linker = self
            .linker
            .take()
            .ok_or_else(|| js_err(ErrorCode::Config))?;
        Ok(linkage_to_js(&linker.finish()))
    }
}
