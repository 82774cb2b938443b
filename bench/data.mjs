// Deterministic synthetic inputs for the benchmarks (no real person): clean insurance numbers,
// and messy names, dates and sexes written the many ways sites write them.
import { checkDigit, pick, rng } from '../examples/generate-sample.mjs';

export { rng };


/** Clean `ins` columns: 8-digit insurer with check digit, ASCII symbol and number, 2-digit branch. */
export function cleanIns(n, seed = 1) {
  const r = rng(seed);
  const cols = { insurer: [], symbol: [], number: [], branch: [] };
  for (let i = 0; i < n; i += 1) {
    const body = String(Math.floor(r() * 1e7)).padStart(7, '0');
    cols.insurer.push(body + checkDigit(body));
    cols.symbol.push(String(100 + Math.floor(r() * 900)));
    cols.number.push(String(10000 + Math.floor(r() * 90000)));
    cols.branch.push(String(1 + Math.floor(r() * 9)).padStart(2, '0'));
  }
  return cols;
}

const FAMILY = ['ヤマダ', 'スズキ', 'タカハシ', 'タナカ', 'ワタナベ', 'イトウ', 'サトウ', 'キッカワ', 'ナカジマ', 'ショウジ'];
const GIVEN = ['タロウ', 'ハナコ', 'ジロウ', 'ユウコ', 'ショウタ', 'キョウコ', 'リュウ', 'ヴィクトル', 'ミズホ', 'ジュン'];
const toHiragana = (s) => s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
const HALF = { ア: 'ｱ', イ: 'ｲ', ウ: 'ｳ', エ: 'ｴ', オ: 'ｵ', カ: 'ｶ', キ: 'ｷ', ク: 'ｸ', ケ: 'ｹ', コ: 'ｺ', サ: 'ｻ', シ: 'ｼ', ス: 'ｽ', セ: 'ｾ', ソ: 'ｿ', タ: 'ﾀ', チ: 'ﾁ', ツ: 'ﾂ', テ: 'ﾃ', ト: 'ﾄ', ナ: 'ﾅ', ニ: 'ﾆ', ヌ: 'ﾇ', ネ: 'ﾈ', ノ: 'ﾉ', ハ: 'ﾊ', ヒ: 'ﾋ', フ: 'ﾌ', ヘ: 'ﾍ', ホ: 'ﾎ', マ: 'ﾏ', ミ: 'ﾐ', ム: 'ﾑ', メ: 'ﾒ', モ: 'ﾓ', ヤ: 'ﾔ', ユ: 'ﾕ', ヨ: 'ﾖ', ラ: 'ﾗ', リ: 'ﾘ', ル: 'ﾙ', レ: 'ﾚ', ロ: 'ﾛ', ワ: 'ﾜ', ン: 'ﾝ', ャ: 'ｬ', ュ: 'ｭ', ョ: 'ｮ', ッ: 'ｯ', ィ: 'ｨ', ダ: 'ﾀﾞ', ジ: 'ｼﾞ', ズ: 'ｽﾞ', ヴ: 'ｳﾞ', ガ: 'ｶﾞ', ゴ: 'ｺﾞ', ド: 'ﾄﾞ', ブ: 'ﾌﾞ', ベ: 'ﾍﾞ' };
const toHalf = (s) => [...s].map((c) => HALF[c] ?? c).join('');
const ERAS = [['明治', 'M', 18680125], ['大正', 'T', 19120730], ['昭和', 'S', 19261225], ['平成', 'H', 19890108]];
const wide = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** Messy `kana_dob_sex` columns: widths, hiragana, spaces, dots, era and serial dates. */
export function messyKanaDobSex(n, seed = 2) {
  const r = rng(seed);
  const cols = { kana: [], dob: [], sex: [] };
  for (let i = 0; i < n; i += 1) {
    const name = `${pick(r, FAMILY)}${pick(r, [' ', '　', '・', ''])}${pick(r, GIVEN)}`;
    cols.kana.push(pick(r, [name, toHiragana(name), toHalf(name), ` ${name} `]));
    const y = 1930 + Math.floor(r() * 60);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    const ymd = y * 10000 + m * 100 + d;
    const [era, letter, start] = ERAS.filter(([, , s]) => s <= ymd).at(-1);
    const ey = y - Math.floor(start / 10000) + 1;
    cols.dob.push(pick(r, [
      `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`,
      `${y}/${m}/${d} 0:00:00`,
      wide(`${y}年${m}月${d}日`),
      `${era}${ey}年${m}月${d}日`,
      `${letter}${ey}.${m}.${d}`,
      String(Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000)),
    ]));
    cols.sex.push(pick(r, ['1', '2', '男', '女', 'M', 'F', 'female', '１']));
  }
  return cols;
}
