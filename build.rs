//! Embeds every dictionary under `dictionaries/` into the binary, so that
//! dejargon works with zero set-up. Adding a file needs no code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for dir in ["common", "en", "zh"] {
        let dir_path = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir_path.display());
        let Ok(read) = std::fs::read_dir(&dir_path) else {
            continue;
        };
        for item in read.flatten() {
            let path = item.path();
            if path.extension().is_some_and(|e| e == "json") {
                println!("cargo:rerun-if-changed={}", path.display());
                let name = format!("{dir}/{}", item.file_name().to_string_lossy());
                files.push((name, path));
            }
        }
    }
    files.sort();
    let mut code = String::from("/// Bundled dictionary files: (path under dictionaries/, contents).\npub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for (name, path) in &files {
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_dictionaries.rs");
    std::fs::write(out, code).unwrap();
}
