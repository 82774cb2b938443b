//! `linkcode-link`: the linkage engine (SPEC.md §9) natively, for code files too large for the
//! WASM build's 4 GiB memory (the npm CLI's `linkcode link` does the same in WASM).
//!
//! Usage: `linkcode-link <codes.csv>... -o <persons.csv> [--keys k1,k2,...]
//! [--exclusive history] [--report <report.json>]`. Exit codes: 0 done, 1 an I/O or input error,
//! 2 a usage error. Values are never printed.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;

use linkcode::link::{self, CodeFileReader, Linker};

struct Args {
    files: Vec<String>,
    output: String,
    keys: Vec<String>,
    exclusive: Vec<String>,
    report: Option<String>,
}

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut files = Vec::new();
    let (mut output, mut report) = (None, None);
    let mut keys: Vec<String> = link::DEFAULT_KEYS.iter().map(|k| (*k).to_owned()).collect();
    let mut exclusive: Vec<String> = link::DEFAULT_EXCLUSIVE
        .iter()
        .map(|k| (*k).to_owned())
        .collect();
    while let Some(arg) = argv.next() {
        let mut value = || argv.next().ok_or_else(|| format!("{arg} takes a value"));
        match arg.as_str() {
            "-o" => output = Some(value()?),
            "--keys" => keys = list(&value()?),
            "--exclusive" => exclusive = list(&value()?),
            "--report" => report = Some(value()?),
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}")),
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        return Err("give one or more code files".into());
    }
    let output = output.ok_or("-o <persons.csv> is required")?;
    Ok(Args {
        files,
        output,
        keys,
        exclusive,
        report,
    })
}

fn run(args: &Args) -> Result<(), String> {
    let mut linker = Linker::new(&args.keys, &args.exclusive);
    let mut chunk = vec![0u8; 1 << 20];
    for (i, path) in args.files.iter().enumerate() {
        let mut file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        let mut reader = CodeFileReader::new(u32::try_from(i + 1).unwrap_or(u32::MAX));
        loop {
            let n = file.read(&mut chunk).map_err(|e| format!("{path}: {e}"))?;
            if n == 0 {
                break;
            }
            reader.feed(&mut linker, chunk.get(..n).unwrap_or_default());
        }
        reader
            .finish(&mut linker)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    let linkage = linker.finish();
    let tmp = format!("{}.tmp-{}", args.output, std::process::id());
    let write = || -> std::io::Result<()> {
        let mut out = BufWriter::new(File::create(&tmp)?);
        link::write_persons(&linkage, &mut out)?;
        out.flush()?;
        std::fs::rename(&tmp, &args.output)
    };
    write().map_err(|e| format!("{}: {e}", args.output))?;
    if let Some(path) = &args.report {
        std::fs::write(path, link::report_json(&linkage.report))
            .map_err(|e| format!("{path}: {e}"))?;
    }
    let r = &linkage.report;
    let keys: Vec<String> = r
        .keys
        .iter()
        .map(|k| {
            format!(
                "{} {} merges/{} ambiguous/{} split",
                k.key, k.merges, k.ambiguous, k.split
            )
        })
        .collect();
    eprintln!(
        "linkcode-link: {} records, {} persons; {}",
        r.records,
        r.persons,
        keys.join(", ")
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("linkcode-link: {message}\nusage: linkcode-link <codes.csv>... -o <persons.csv> [--keys k1,k2] [--exclusive history] [--report <file.json>]");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("linkcode-link: {message}");
            ExitCode::from(1)
        }
    }
}
