//! Writes two synthetic code files of `n` records each (default 10,000,000) for the scale run
//! of the linkage engine: persons with 1–2 records per side, half of them on both sides, a
//! history code for 98 %, a second insurance number for 10 %, 公費 only for 2 %, name codes with
//! a few shared by two people and a few typos. Codes are 43-character base64url strings as the
//! pseudonymizer writes them (random-looking, from a fixed-seed generator, not HMAC).
//!
//! `cargo run --release --example link_scale -- <dir> [n]`, then
//! `/usr/bin/time -v target/release/linkcode-link <dir>/a.csv <dir>/b.csv -o <dir>/persons.csv`.

use std::fs::File;
use std::io::{BufWriter, Write};

const HEADER: &str = "history,ins,ins_dob_sex,koh,kana_dob_sex,kanji_dob_sex,kana_loose_dob_sex\n";
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A code for (key, person, variant): 43 base64url characters.
fn code(out: &mut Vec<u8>, key: u64, person: u64, variant: u64) {
    let seed = mix(key.wrapping_mul(0x1000_0000_01B3) ^ mix(person) ^ variant << 48);
    let mut state = 0;
    for i in 0..43u64 {
        if i % 10 == 0 {
            state = mix(seed.wrapping_add(i));
        }
        out.push(B64[(state & 63) as usize]);
        state >>= 6;
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = mix(self.0);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn record(line: &mut Vec<u8>, rng: &mut Rng, p: u64) {
    line.clear();
    let traits = mix(p ^ 0xABCD);
    let welfare = traits % 50 == 0;
    let changed = traits % 10 == 1;
    let twin_of_previous = traits % 10_000 == 7; // shares name, birth date and sex with p - 1
    let variant = u64::from(changed && rng.next() < 0.5);
    if !welfare && traits % 50 != 1 {
        code(line, 1, p, 0);
    }
    line.push(b',');
    if !welfare {
        code(line, 2, p, variant);
        line.push(b',');
        code(line, 3, p, variant);
    } else {
        line.push(b',');
    }
    line.push(b',');
    if welfare {
        code(line, 4, p, 0);
    }
    let name = if twin_of_previous { p - 1 } else { p };
    let typo = rng.next() < 0.004;
    for key in [5, 6, 7] {
        line.push(b',');
        code(line, key, name, if typo { 1 + p } else { 0 });
    }
    line.push(b'\n');
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "bench/linkage/out/scale".into());
    let n: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    std::fs::create_dir_all(&dir)?;
    let mut a = BufWriter::with_capacity(1 << 20, File::create(format!("{dir}/a.csv"))?);
    let mut b = BufWriter::with_capacity(1 << 20, File::create(format!("{dir}/b.csv"))?);
    a.write_all(HEADER.as_bytes())?;
    b.write_all(HEADER.as_bytes())?;
    let (mut na, mut nb, mut persons, mut both) = (0u64, 0u64, 0u64, 0u64);
    let mut rng = Rng(20_261_125);
    let mut line = Vec::with_capacity(400);
    let mut p = 1u64;
    while na < n || nb < n {
        let (in_a, in_b) = (rng.next() < 0.75 && na < n, rng.next() < 0.75 && nb < n);
        if in_a || in_b {
            persons += 1;
            both += u64::from(in_a && in_b);
        }
        for (side, count, out) in [(in_a, &mut na, &mut a), (in_b, &mut nb, &mut b)] {
            if !side {
                continue;
            }
            let records = 1 + u64::from(rng.next() < 0.5);
            for _ in 0..records.min(n - *count) {
                record(&mut line, &mut rng, p);
                out.write_all(&line)?;
                *count += 1;
            }
        }
        p += 1;
    }
    a.flush()?;
    b.flush()?;
    eprintln!(
        "link_scale: {na} + {nb} records of {persons} persons ({both} on both sides) in {dir}"
    );
    Ok(())
}
