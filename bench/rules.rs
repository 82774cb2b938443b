//! Native batch throughput per rule and per field normalizer (`cargo bench --bench rules`):
//! clean `ins` against messy `kana_dob_sex`, on deterministic synthetic data.

use std::hint::black_box;
use std::time::Instant;

use linkcode::{normalize, CodeFormat, Coder, Columns, Field, LinkageKey, Rule};

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn check_digit(body: &str) -> u32 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let p = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    (10 - sum % 10) % 10
}

fn clean_ins(n: usize, rng: &mut Rng) -> Vec<[String; 4]> {
    (0..n)
        .map(|_| {
            let body = format!("{:07}", rng.next() % 10_000_000);
            [
                format!("{body}{}", check_digit(&body)),
                format!("{}", 100 + rng.next() % 900),
                format!("{}", 10_000 + rng.next() % 90_000),
                format!("{:02}", 1 + rng.next() % 9),
            ]
        })
        .collect()
}

fn messy_kana(n: usize, rng: &mut Rng) -> Vec<[String; 3]> {
    let names = [
        "ヤマダ タロウ",
        "やまだ　はなこ",
        "ｽｽﾞｷ ｼﾞﾛｳ",
        "タカハシ・ユウコ",
        " キッカワ ショウタ ",
        "ﾅｶｼﾞﾏ ｷｮｳｺ",
        "わたなべ りゅう",
        "イトウ ヴィクトル",
    ];
    let dobs = [
        "19700302",
        "1970/3/2 0:00:00",
        "１９７０年３月２日",
        "昭和45年3月2日",
        "S45.3.2",
        "25629",
        "H元.1.8",
    ];
    let sexes = ["1", "2", "男", "女", "M", "F", "female", "１"];
    (0..n)
        .map(|_| {
            [
                rng.pick(&names).to_owned(),
                rng.pick(&dobs).to_owned(),
                rng.pick(&sexes).to_owned(),
            ]
        })
        .collect()
}

fn per_second(n: usize, f: impl Fn()) -> f64 {
    f();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    n as f64 / best
}

fn main() {
    let n = 200_000;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let ins = clean_ins(n, &mut rng);
    let kana = messy_kana(n, &mut rng);
    let key = LinkageKey::generate().expect("key");
    let coder = Coder::new(&key, "bench", CodeFormat::default()).expect("coder");

    let mut ins_cols = Columns::new(n);
    for (i, f) in [Field::Insurer, Field::Symbol, Field::Number, Field::Branch]
        .into_iter()
        .enumerate()
    {
        ins_cols
            .insert(f, ins.iter().map(|r| r[i].as_str()).collect())
            .expect("column");
    }
    let mut kana_cols = Columns::new(n);
    for (i, f) in [Field::Kana, Field::Dob, Field::Sex]
        .into_iter()
        .enumerate()
    {
        kana_cols
            .insert(f, kana.iter().map(|r| r[i].as_str()).collect())
            .expect("column");
    }
    let ins_rate = per_second(n, || {
        black_box(coder.code_batch(&Rule::INS, &ins_cols));
    });
    let kana_rate = per_second(n, || {
        black_box(coder.code_batch(&Rule::KANA_DOB_SEX, &kana_cols));
    });
    println!("ins (clean)           {ins_rate:>12.0} codes/s");
    println!(
        "kana_dob_sex (messy)  {kana_rate:>12.0} codes/s  ({:.0}% of ins)",
        100.0 * kana_rate / ins_rate
    );
    let hmac_only = per_second(n, || {
        for r in &ins {
            black_box(coder.code_canonical(&Rule::INS, r));
        }
    });
    println!("HMAC only (ins msg)   {hmac_only:>12.0} codes/s");
    for (name, field, column) in [
        (
            "insurer (clean)",
            Field::Insurer,
            ins.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ),
        (
            "kana (messy)",
            Field::Kana,
            kana.iter().map(|r| r[0].as_str()).collect(),
        ),
        (
            "dob (messy)",
            Field::Dob,
            kana.iter().map(|r| r[1].as_str()).collect(),
        ),
        (
            "sex (messy)",
            Field::Sex,
            kana.iter().map(|r| r[2].as_str()).collect(),
        ),
    ] {
        let rate = per_second(n, || {
            for v in &column {
                let _ = black_box(normalize::field(field, v));
            }
        });
        println!("normalize {name:<16} {rate:>12.0} values/s");
    }
}
