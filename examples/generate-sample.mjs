#!/usr/bin/env node
// Deterministic synthetic CSV export (no real person) in the shape of a clinic's export, with
// the notations sites really use: full/half width, hiragana, era dates, spreadsheet serials,
// dropped leading zeros, spaces in names, quoted notes with commas and line breaks, and about
// 1% of broken values. Usage: node examples/generate-sample.mjs [rows] [output.csv] [--plain]
// (--plain: notes without commas, quotes or line breaks, for benchmark peers that split lines)
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function checkDigit(body) {
  let sum = 0;
  [...body].reverse().forEach((d, i) => {
    const p = Number(d) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(p / 10) + (p % 10);
  });
  return String((10 - (sum % 10)) % 10);
}

const FAMILY = [['ヤマダ', '山田'], ['スズキ', '鈴木'], ['タカハシ', '髙橋'], ['タナカ', '田中'], ['ワタナベ', '渡邉'],
  ['イトウ', '伊藤'], ['サトウ', '佐藤'], ['キッカワ', '吉川'], ['ナカジマ', '中島'], ['サイトウ', '齋藤']];
const GIVEN = [['タロウ', '太郎'], ['ハナコ', '花子'], ['ジロウ', '次郎'], ['ユウコ', '裕子'], ['ショウタ', '翔太'],
  ['キョウコ', '恭子'], ['リュウ', '龍'], ['ケイコ', '惠子'], ['ミズホ', '瑞穂'], ['ジュン', '潤']];
/** Half-width katakana of full-width katakana (the voiced ones as two characters). */
export const HALF = Object.fromEntries([...'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンャュョッ']
  .map((c, i) => [c, 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝｬｭｮｯ'[i]]));
Object.assign(HALF, { ダ: 'ﾀﾞ', ジ: 'ｼﾞ', ズ: 'ｽﾞ', ガ: 'ｶﾞ', ゴ: 'ｺﾞ', ド: 'ﾄﾞ', ブ: 'ﾌﾞ', ベ: 'ﾍﾞ' });
const half = (s) => [...s].map((c) => HALF[c] ?? c).join('');
export const hiragana = (s) => s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
const wide = (s) => s.replace(/[0-9A-Za-z]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
/** Japanese eras: name, letter, first day (YYYYMMDD). */
export const ERAS = [['明治', 'M', 18680125], ['大正', 'T', 19120730], ['昭和', 'S', 19261225], ['平成', 'H', 19890108], ['令和', 'R', 20190501]];
/** A uniformly drawn element of `list`. */
export const pick = (r, list) => list[Math.floor(r() * list.length)];
export const HEADER = '受診日,保険者番号,被保険者証記号,被保険者証番号,枝番,カナ氏名,氏名,生年月日,性別,郵便番号,備考';

function csv(cell) {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** One record (an array of cells) of the synthetic export. */
export function* records(n, seed = 20261125, plainNotes = false) {
  const r = rng(seed);
  for (let i = 0; i < n; i += 1) {
    const body = String(Math.floor(r() * 1e7)).padStart(7, '0');
    let insurer = body + checkDigit(body);
    insurer = pick(r, [insurer, insurer, wide(insurer), insurer.replace(/^0+/, ''), `  ${insurer}`]);
    const symbol = pick(r, [String(100 + Math.floor(r() * 900)), wide(String(100 + Math.floor(r() * 900))), 'あいう', '']);
    const number = pick(r, [String(10000 + Math.floor(r() * 90000)), `00${Math.floor(r() * 9000)}`, `${Math.floor(r() * 90) + 10}-${Math.floor(r() * 900) + 100}`]);
    const branch = pick(r, ['01', '1', '０２', '00', '']);
    const [fk, fj] = pick(r, FAMILY);
    const [gk, gj] = pick(r, GIVEN);
    const sep = pick(r, [' ', '　', '', '・']);
    const kana = pick(r, [`${fk}${sep}${gk}`, hiragana(`${fk} ${gk}`), half(`${fk} ${gk}`)]);
    const kanji = `${fj}${pick(r, [' ', '　', ''])}${gj}`;
    const y = 1930 + Math.floor(r() * 90);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    const ymd = y * 10000 + m * 100 + d;
    const [era, letter, start] = ERAS.filter(([, , s]) => s <= ymd).at(-1);
    const ey = y - Math.floor(start / 10000) + 1;
    const dob = pick(r, [
      `${ymd}`, `${y}/${m}/${d}`, `${y}/${m}/${d} 0:00:00`, wide(`${y}年${m}月${d}日`), `${era}${ey === 1 ? '元' : ey}年${m}月${d}日`,
      `${letter}${ey}.${m}.${d}`, String(Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000)),
    ]);
    const sex = pick(r, ['1', '2', '男', '女', 'M', 'F', '１']);
    const zip = pick(r, ['100-0001', '〒060-0000', '5300001', '９８０－０８１１']);
    const note = plainNotes ? pick(r, ['', '初診', '再診']) : pick(r, ['', '', '初診', '再診, 処方あり', '紹介状"A"あり', '経過観察\n次回予約']);
    const visit = `2026-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    const row = [visit, insurer, symbol, number, branch, kana, kanji, dob, sex, zip, note];
    const broken = r();
    if (broken < 0.004) row[1] = insurer.slice(0, -1) + String((Number(insurer.slice(-1)) + 1) % 10);
    else if (broken < 0.007) row[7] = `${y}/${m}/${d + 40}`;
    else if (broken < 0.009) row[5] = kanji;
    else if (broken < 0.010) row[8] = '9';
    yield row;
  }
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--plain');
  const plain = process.argv.includes('--plain');
  const rows = Number(args[0] ?? 1000);
  const output = args[1];
  const out = output ? createWriteStream(output) : process.stdout;
  const write = (text) => (out.write(text) ? null : new Promise((resolve) => out.once('drain', resolve)));
  await write(`${HEADER}\r\n`);
  let batch = '';
  for (const row of records(rows, undefined, plain)) {
    batch += `${row.map(csv).join(',')}\r\n`;
    if (batch.length > 1 << 16) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  if (output) await new Promise((resolve) => out.end(resolve));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
