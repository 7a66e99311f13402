//! Short import names for the wasm and its JS glue.
//!
//! wasm-bindgen names each function the wasm imports from its glue after the Rust item and
//! a hash, `__wbg_setProperty_3fe74e09d53acb0b`: about 170 names and 5.8 KiB per bundle,
//! written twice (the wasm's import section, the glue's import object), and the hashes do
//! not compress. [`shorten`] renames them `a`, `b`, … `Z`, `aa`, …: the import section is
//! rewritten (every other section copied as it is) and each name's one key in the glue is
//! replaced. A name that is not exactly once in the glue keeps its name. Terser cannot do
//! this (the names are strings the wasm asks for), binaryen only does it for imports from
//! `env`; measured: about 2 KiB gzip less glue and 2 KiB less wasm per bundle.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use wasm_encoder::{EntityType, ImportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

use crate::Error;

/// Why the names could not be shortened.
#[derive(Debug)]
pub struct ImportsError(String);

impl fmt::Display for ImportsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportsError {}

impl From<wasmparser::BinaryReaderError> for ImportsError {
    fn from(e: wasmparser::BinaryReaderError) -> ImportsError {
        ImportsError(format!("not a wasm module wasm-bindgen made: {e}"))
    }
}

/// The wasm and the glue with the glue's imports renamed; how many were renamed.
pub struct Shortened {
    /// The new wasm.
    pub wasm: Vec<u8>,
    /// The new glue.
    pub js: String,
    /// Imports renamed.
    pub renamed: usize,
}

/// Renames the imports the wasm takes from its glue (the module wasm-bindgen names
/// `./<crate>_bg.js`) to short names, in the wasm and in the glue `js`.
pub fn shorten(wasm: &[u8], js: &str) -> Result<Shortened, ImportsError> {
    let mut out = Module::new();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut next = 0;
    // How often each identifier stands in the glue, read once.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (_, word) in identifiers(js) {
        *seen.entry(word).or_default() += 1;
    }
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::Version { .. } | Payload::End(_) => {}
            Payload::ImportSection(reader) => {
                let mut section = ImportSection::new();
                for import in reader.into_imports() {
                    let import = import?;
                    let ty = EntityType::try_from(import.ty).map_err(|e| {
                        ImportsError(format!("an import of an unknown kind: {e:?}"))
                    })?;
                    let name =
                        if import.module.ends_with("_bg.js") && seen.get(import.name) == Some(&1) {
                            let short = short_name(next);
                            next += 1;
                            names.insert(import.name.to_string(), short.clone());
                            short
                        } else {
                            import.name.to_string()
                        };
                    section.import(import.module, &name, ty);
                }
                out.section(&section);
            }
            other => {
                if let Some((id, range)) = other.as_section() {
                    let (start, end) = (range.start as usize, range.end as usize);
                    out.section(&RawSection {
                        id,
                        data: &wasm[start..end],
                    });
                }
            }
        }
    }
    Ok(Shortened {
        wasm: out.finish(),
        js: rename_keys(js, &names),
        renamed: names.len(),
    })
}

/// [`shorten`] for every `lernort-*_bg.wasm` in `dist` and its `lernort-*.js`, written in
/// place; a line per bundle saying what it saved.
pub fn shorten_in(dist: &Path) -> Result<Vec<String>, Error> {
    let entries = fs::read_dir(dist).map_err(|e| Error::io(dist, "read", e))?;
    let mut wasm_files: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("lernort-") && name.ends_with("_bg.wasm")
        })
        .collect();
    wasm_files.sort();
    let mut lines = Vec::new();
    for wasm_path in wasm_files {
        let name = wasm_path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let js_path = wasm_path.with_file_name(name.replace("_bg.wasm", ".js"));
        let wasm = fs::read(&wasm_path).map_err(|e| Error::io(&wasm_path, "read", e))?;
        let js = fs::read_to_string(&js_path).map_err(|e| Error::io(&js_path, "read", e))?;
        let done = shorten(&wasm, &js).map_err(|e| Error::Wasm {
            path: wasm_path.clone(),
            problem: e.to_string(),
        })?;
        fs::write(&wasm_path, &done.wasm).map_err(|e| Error::io(&wasm_path, "write", e))?;
        fs::write(&js_path, &done.js).map_err(|e| Error::io(&js_path, "write", e))?;
        let gzip = |bytes: &[u8]| crate::compress::gzip(bytes).len();
        lines.push(format!(
            "{}: {} imports renamed; gzip -9: wasm {} -> {} bytes, glue {} -> {} bytes",
            js_path.display(),
            done.renamed,
            gzip(&wasm),
            gzip(&done.wasm),
            gzip(js.as_bytes()),
            gzip(done.js.as_bytes())
        ));
    }
    Ok(lines)
}

/// The `n`th short name: `a` … `z`, `A` … `Z`, `aa`, `ba`, ….
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = String::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()] as char);
        n /= LETTERS.len();
        if n == 0 {
            return name;
        }
        n -= 1;
    }
}

/// `js` with each identifier in `names` replaced.
fn rename_keys(js: &str, names: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(js.len());
    let mut at = 0;
    for (start, word) in identifiers(js) {
        if let Some(short) = names.get(word) {
            out.push_str(&js[at..start]);
            out.push_str(short);
            at = start + word.len();
        }
    }
    out.push_str(&js[at..]);
    out
}

/// Every run of identifier characters in `js` with where it starts.
fn identifiers(js: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut rest = js.char_indices().peekable();
    std::iter::from_fn(move || {
        while rest.peek().is_some_and(|&(_, c)| !is_part(c)) {
            rest.next();
        }
        let (start, _) = *rest.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = rest.peek() {
            if !is_part(c) {
                break;
            }
            end = i + c.len_utf8();
            rest.next();
        }
        Some((start, &js[start..end]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, ExportKind, ExportSection, Function, FunctionSection, TypeSection, ValType,
    };

    /// A module importing two functions from the glue and one from elsewhere, exporting a
    /// function that calls the first import.
    fn module() -> Vec<u8> {
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], [ValType::I32]);
        m.section(&types);
        let mut imports = ImportSection::new();
        imports.import(
            "./app_bg.js",
            "__wbg_style_f499e599ac70277f",
            EntityType::Function(0),
        );
        imports.import(
            "./app_bg.js",
            "__wbg_remove_8228e91d7ddbc755",
            EntityType::Function(0),
        );
        imports.import(
            "env",
            "__wbg_other_0000000000000000",
            EntityType::Function(0),
        );
        m.section(&imports);
        let mut functions = FunctionSection::new();
        functions.function(0);
        m.section(&functions);
        let mut exports = ExportSection::new();
        exports.export("run", ExportKind::Func, 3);
        m.section(&exports);
        let mut code = CodeSection::new();
        let mut body = Function::new([]);
        body.instructions().local_get(0).call(0).end();
        code.function(&body);
        m.section(&code);
        m.finish()
    }

    fn import_names(wasm: &[u8]) -> Vec<(String, String)> {
        let mut names = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::ImportSection(reader) = payload.unwrap() {
                for import in reader.into_imports() {
                    let import = import.unwrap();
                    names.push((import.module.to_string(), import.name.to_string()));
                }
            }
        }
        names
    }

    #[test]
    fn the_glues_imports_get_short_names_in_both_files() {
        let js = "const import0 = { __proto__: null,\n\
                  __wbg_style_f499e599ac70277f: function(a) { return a.style; },\n\
                  __wbg_remove_8228e91d7ddbc755: function(a) { a.remove(); },\n};\n\
                  // __wbg_style_f499e599ac70277fx is another name\n";
        let done = shorten(&module(), js).unwrap();
        assert_eq!(done.renamed, 2);
        assert_eq!(
            import_names(&done.wasm),
            [
                ("./app_bg.js".to_string(), "a".to_string()),
                ("./app_bg.js".into(), "b".into()),
                ("env".into(), "__wbg_other_0000000000000000".into()),
            ]
        );
        assert_eq!(
            done.js,
            "const import0 = { __proto__: null,\n\
             a: function(a) { return a.style; },\n\
             b: function(a) { a.remove(); },\n};\n\
             // __wbg_style_f499e599ac70277fx is another name\n"
        );
        // The rest of the module is as it was: it still validates and exports `run`.
        wasmparser::Validator::new()
            .validate_all(&done.wasm)
            .unwrap();
        assert!(done.wasm.len() < module().len());
    }

    #[test]
    fn a_name_not_exactly_once_in_the_glue_keeps_its_name() {
        let js = "x = { __wbg_style_f499e599ac70277f: f };\n__wbg_style_f499e599ac70277f();\n";
        let done = shorten(&module(), js).unwrap();
        assert_eq!(done.renamed, 0);
        assert_eq!(done.js, js);
        assert_eq!(import_names(&done.wasm), import_names(&module()));
    }

    #[test]
    fn short_names_run_on_without_repeating() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[51], "Z");
        assert_eq!(names[52], "aa");
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn not_wasm_is_an_error() {
        assert!(shorten(b"not wasm", "").is_err());
    }
}
