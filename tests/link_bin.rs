//! The native `linkcode-link` binary: same persons and report as the library, clear exit codes.

use std::process::Command;

use linkcode::link::{link_files, persons_csv, report_json, DEFAULT_EXCLUSIVE, DEFAULT_KEYS};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_linkcode-link"))
}

#[test]
fn links_files_like_the_library_and_writes_the_report() {
    let dir = std::env::temp_dir().join(format!("linkcode-link-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = "history,ins,kana_dob_sex\nh1,A,taro\nh2,B,taro\n,C,hanako\n";
    let b = "ins,kana_dob_sex\r\nD,\"hanako\"\r\n,taro\r\n";
    std::fs::write(dir.join("a.csv"), a).unwrap();
    std::fs::write(dir.join("b.csv"), b).unwrap();
    let out = dir.join("persons.csv");
    let report = dir.join("report.json");
    let status = bin()
        .args([dir.join("a.csv"), dir.join("b.csv")])
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .status()
        .unwrap();
    assert!(status.success());
    let keys: Vec<String> = DEFAULT_KEYS.iter().map(|k| (*k).to_owned()).collect();
    let exclusive: Vec<String> = DEFAULT_EXCLUSIVE.iter().map(|k| (*k).to_owned()).collect();
    let linkage = link_files(&[a, b], &keys, &exclusive).unwrap();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        persons_csv(&linkage)
    );
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        report_json(&linkage.report)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2_and_input_errors_exit_1_without_values() {
    let usage = bin().arg("only-a-file.csv").output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("-o <persons.csv> is required"));
    let missing = bin()
        .args([
            "/nonexistent/linkcode/a.csv",
            "-o",
            "/nonexistent/linkcode/p.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    let dir = std::env::temp_dir().join(format!("linkcode-link-q-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("bad.csv"), "ins\nsecret-value\n\"unclosed\n").unwrap();
    let quote = bin()
        .arg(dir.join("bad.csv"))
        .arg("-o")
        .arg(dir.join("p.csv"))
        .output()
        .unwrap();
    assert_eq!(quote.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&quote.stderr);
    assert!(
        stderr.contains("E_CSV_QUOTE")
            && !stderr.contains("secret")
            && !stderr.contains("unclosed")
    );
    assert!(!dir.join("p.csv").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
