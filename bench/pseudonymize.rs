//! Native CSV pseudonymization of a file (`cargo bench --bench pseudonymize -- <file.csv>`): the
//! core the CLI runs in WASM, here with native SHA-256, for profiling and for comparing the two.
//! Rules `ins` and `kana_dob_sex`, as `bench/csv_bench.py` runs the CLI; best of 3 runs.

use std::time::Instant;

use linkcode::pseudonymize::{Options, Pseudonymizer};
use linkcode::{CodeFormat, Coder, LinkageKey};

fn main() {
    let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: cargo bench --bench pseudonymize -- <file.csv>");
        return;
    };
    let input = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let key = LinkageKey::from_bytes(&[7u8; 32]).expect("a 32-byte key");
    let mut best = f64::MAX;
    let mut rows = 0;
    for _ in 0..3 {
        let coder = Coder::new(&key, "bench", CodeFormat::default()).expect("a purpose");
        let options = Options {
            rules: vec![
                ("ins".into(), "ins".into()),
                ("kana_dob_sex".into(), "kana_dob_sex".into()),
            ],
            host_digests: true,
            ..Options::default()
        };
        let start = Instant::now();
        let mut p = Pseudonymizer::new(coder, options, None).expect("known rules");
        let mut bytes = 0;
        for chunk in input.chunks(1 << 16) {
            bytes += p.push(chunk).expect("the header fits").output.len();
        }
        let (last, summary) = p.finish().expect("a well-formed file");
        bytes += last.output.len();
        best = best.min(start.elapsed().as_secs_f64());
        rows = summary.read;
        std::hint::black_box(bytes);
    }
    println!(
        "{rows} rows in {best:.2} s: {:.0} rows/s (native, best of 3)",
        rows as f64 / best
    );
}
