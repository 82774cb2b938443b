// A deterministic synthetic population (no real person) and two databases drawn from it, with the
// difficulties linkage meets in practice: insurer changes (~11 %/year), 国保 at retirement,
// 後期高齢者 at 75, surname changes at marriage, 生活保護 recipients with 公費 numbers only, twins
// on one household card, common names, old-form kanji, each site's own notation habits, moves,
// household cards without 枝番, legacy kana habits (no small kana; lost voicing marks), and a
// small rate of true typos. The window is 24 months
// (2024-01 … 2025-12); database A holds claims of the whole window, database B health checks of
// its second year. Every number and rate is a named constant below.
import { ERAS, HALF, checkDigit, hiragana, pick, rng } from '../../examples/generate-sample.mjs';

export const WINDOW_MONTHS = 24;
const START_YEAR = 2024;
const RATES = {
  insurerChangePerYear: 0.11,
  marriagePerYear: 0.03, // women 22–39
  movePerYear: 0.05,
  welfare: 0.016, // 生活保護: no insurance, a 公費 number
  twinBirths: 0.01, // persons born as one of twins (a pair on one household card)
  retireToKokuhoAt: 65,
  koukiAt: 75,
  noBranch: 0.03, // records from household cards without 枝番
  kanaTypo: 0.004,
  dakutenLost: 0.01, // half-width records whose voicing marks were dropped (a kana_loose case)
  dobTypo: 0.002,
  siteDeviates: 0.1, // a record written off the site's habit (another clerk, another form)
  inA: 0.7,
  inB: 0.5,
};

// Common surnames with rough shares (top 50 ≈ 28 %), then a long tail of compounds.
const SURNAMES = [
  ['サトウ', '佐藤', 1.5], ['スズキ', '鈴木', 1.4], ['タカハシ', '高橋', 1.1, '髙橋'], ['タナカ', '田中', 1.0],
  ['ワタナベ', '渡辺', 0.9, '渡邊'], ['イトウ', '伊藤', 0.9], ['ヤマモト', '山本', 0.9], ['ナカムラ', '中村', 0.85],
  ['コバヤシ', '小林', 0.8], ['カトウ', '加藤', 0.7], ['ヨシダ', '吉田', 0.65], ['ヤマダ', '山田', 0.65],
  ['ササキ', '佐々木', 0.55], ['ヤマグチ', '山口', 0.5], ['マツモト', '松本', 0.5], ['イノウエ', '井上', 0.5],
  ['キムラ', '木村', 0.45], ['ハヤシ', '林', 0.45], ['サイトウ', '斎藤', 0.45, '齋藤'], ['シミズ', '清水', 0.45],
  ['ヤマザキ', '山崎', 0.4, '山﨑'], ['モリ', '森', 0.4], ['イケダ', '池田', 0.4], ['ハシモト', '橋本', 0.4],
  ['アベ', '阿部', 0.4], ['イシカワ', '石川', 0.38], ['ヤマシタ', '山下', 0.37], ['ナカジマ', '中島', 0.37, '中嶋'],
  ['イシイ', '石井', 0.36], ['オガワ', '小川', 0.36], ['マエダ', '前田', 0.35], ['オカダ', '岡田', 0.35],
  ['ハセガワ', '長谷川', 0.34], ['フジタ', '藤田', 0.34], ['ゴトウ', '後藤', 0.33], ['コンドウ', '近藤', 0.32],
  ['ムラカミ', '村上', 0.31], ['エンドウ', '遠藤', 0.3], ['アオキ', '青木', 0.3], ['サカモト', '坂本', 0.29],
  ['サワダ', '沢田', 0.2, '澤田'], ['ハマダ', '浜田', 0.2, '濱田'], ['サクライ', '桜井', 0.2, '櫻井'],
  ['ヒロセ', '広瀬', 0.18, '廣瀬'], ['トクナガ', '徳永', 0.15, '德永'], ['ワタナベ', '渡部', 0.1],
  ['サイトウ', '斉藤', 0.2, '齊藤'], ['クニエダ', '国枝', 0.05, '國枝'], ['トミタ', '富田', 0.2, '冨田'],
  ['シマダ', '島田', 0.25, '嶋田'],
];
const PREFIX = [['ウエ', '上'], ['ナカ', '中'], ['シモ', '下'], ['オオ', '大'], ['コ', '小'], ['イシ', '石'],
  ['イワ', '岩'], ['マツ', '松'], ['タケ', '竹'], ['キタ', '北'], ['ミナミ', '南'], ['ニシ', '西'], ['ヒガシ', '東'],
  ['カネ', '金'], ['ミヤ', '宮'], ['スギ', '杉'], ['アサ', '浅'], ['ナガ', '長'], ['フク', '福'], ['ヨシ', '吉'],
  ['フジ', '藤'], ['ムラ', '村'], ['マエ', '前'], ['ヒラ', '平'], ['クロ', '黒'], ['シラ', '白'], ['アカ', '赤'],
  ['ミズ', '水'], ['タカ', '高'], ['ツル', '鶴']];
const SUFFIX = [['タ', '田'], ['カワ', '川'], ['ヤマ', '山'], ['ノ', '野'], ['モト', '本'], ['ムラ', '村'], ['イ', '井'],
  ['サワ', '沢'], ['シマ', '島'], ['ハラ', '原'], ['キ', '木'], ['タニ', '谷'], ['グチ', '口'], ['サキ', '崎'],
  ['オカ', '岡'], ['ハシ', '橋'], ['モリ', '森'], ['ウチ', '内'], ['オ', '尾'], ['エ', '江']];
const GIVEN_START = [['ユウ', ['悠', '優', '裕']], ['ハル', ['陽', '春', '晴']], ['ソウ', ['蒼', '颯', '創']],
  ['ダイ', ['大', '太']], ['ケン', ['健', '賢', '謙']], ['タク', ['拓', '卓']], ['リョウ', ['涼', '亮', '良']],
  ['コウ', ['康', '浩', '幸']], ['シン', ['真', '信', '慎']], ['ヒロ', ['博', '弘', '浩']], ['マサ', ['正', '雅', '昌']],
  ['カズ', ['和', '一']], ['トシ', ['俊', '敏']], ['ノブ', ['信', '伸']], ['ヨシ', ['義', '良', '芳']],
  ['ミ', ['美', '実']], ['サ', ['沙', '紗']], ['ア', ['亜', '愛']], ['マ', ['麻', '真']], ['ナ', ['奈', '菜']],
  ['カ', ['佳', '香']], ['エ', ['恵', '絵']], ['チ', ['千', '智']], ['ユ', ['由', '友']], ['サキ', ['咲', '早']]];
const GIVEN_END = {
  1: [['タ', '太'], ['ト', '斗'], ['キ', '樹'], ['スケ', '介'], ['ヤ', '也'], ['ジ', '二'], ['ロウ', '郎'], ['イチ', '一'], ['ヘイ', '平']],
  2: [['コ', '子'], ['ミ', '美'], ['カ', '花'], ['ナ', '菜'], ['エ', '恵'], ['ノ', '乃'], ['ホ', '穂'], ['リ', '里'], ['ヨ', '代']],
};
const PREFECTURES = [['東京都', ['新宿区', '世田谷区', '練馬区', '八王子市']], ['大阪府', ['大阪市北区', '堺市堺区', '豊中市']],
  ['北海道', ['札幌市中央区', '旭川市']], ['福岡県', ['福岡市博多区', '北九州市小倉北区']], ['宮城県', ['仙台市青葉区']]];
const TOWNS = ['本町', '栄町', '緑町', '旭町', '中央', '西新宿', '桜台', '若葉'];
const KANA_FOR_TYPO = [...'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン'];

function weightedPicker(list, weight) {
  const cumulative = [];
  let total = 0;
  for (const item of list) cumulative.push((total += weight(item)));
  return (u) => {
    const x = u * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return list[lo];
  };
}

const pickSurname = weightedPicker(SURNAMES, (s) => s[2]);
const pad = (n, width) => String(n).padStart(width, '0');

function surname(r) {
  if (r() < 0.28) {
    const [kana, kanji, , old] = pickSurname(r());
    return { kana, kanji, old: old ?? null };
  }
  const [pk, pj] = pick(r, PREFIX);
  const [sk, sj] = pick(r, SUFFIX);
  return { kana: pk + sk, kanji: pj + sj, old: null };
}

function givenName(r, sex) {
  const [sk, kanjis] = pick(r, GIVEN_START);
  const [ek, ej] = pick(r, GIVEN_END[sex]);
  return { kana: sk + ek, kanji: pick(r, kanjis) + ej };
}

function insurerNumber(r, law) {
  if (law === 'kokuho') {
    const body = pad(10 + Math.floor(r() * 37), 2) + pad(Math.floor(r() * 1000), 3);
    return body + checkDigit(body);
  }
  const body = law + pad(1 + Math.floor(r() * 47), 2) + pad(Math.floor(r() * 1000), 3);
  return body + checkDigit(body);
}

/** A new insurance card: the law decides the insurer; 後期高齢者 cards have no symbol or 枝番. */
function card(r, law, branch = '01') {
  const insurer = insurerNumber(r, law);
  if (law === '39') return { insurer, symbol: '', number: pad(Math.floor(r() * 1e8), 8), branch: '' };
  const symbol = r() < 0.7 ? String(100 + Math.floor(r() * 9900)) : pick(r, ['アイ', 'カキ', 'サシ', 'ナニ', 'ハヒ']);
  return { insurer, symbol, number: String(1000 + Math.floor(r() * 9000000)), branch };
}

const employerLaw = (r) => (r() < 0.55 ? '01' : pick(r, ['06', '06', '31', '32', '34']));

function address(r) {
  const [pref, cities] = pick(r, PREFECTURES);
  return { pref, city: pick(r, cities), town: pick(r, TOWNS), block: [1 + Math.floor(r() * 5), 1 + Math.floor(r() * 30), 1 + Math.floor(r() * 20)] };
}

/** Month (0-based in the window) of the first event of a monthly hazard, or null. */
function eventMonth(r, perYear) {
  const perMonth = 1 - (1 - perYear) ** (1 / 12);
  for (let m = 0; m < WINDOW_MONTHS; m += 1) if (r() < perMonth) return m;
  return null;
}

/** Age in whole years at month `m` of the window. */
const ageAt = (p, m) => {
  const y = START_YEAR + Math.floor(m / 12);
  const mo = (m % 12) + 1;
  return y - p.dob[0] - (mo < p.dob[1] ? 1 : 0);
};

/** `n` persons (twins come in pairs, so the count may end one higher). */
export function population(n, seed = 20261125) {
  const r = rng(seed);
  const persons = [];
  while (persons.length < n) {
    const id = persons.length;
    const sex = r() < 0.5 ? 1 : 2;
    // Ages 0–99, fewer of the very old.
    const age = Math.floor(r() < 0.85 ? r() * 80 : 80 + r() * 20);
    const dob = [START_YEAR - 1 - age, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28)];
    const family = surname(r);
    const oldForm = family.old !== null && r() < 0.4; // registered in the old form (戸籍)
    const welfare = r() < RATES.welfare;
    const twins = !welfare && r() < RATES.twinBirths / 2;
    const household = twins ? card(r, employerLaw(r), '02') : null;
    const members = twins ? 2 : 1;
    for (let t = 0; t < members; t += 1) {
      const s = t === 0 ? sex : (r() < 0.5 ? 1 : 2);
      const p = { id: id + t, sex: s, dob, family, oldForm, given: givenName(r, s), twin: twins };
      p.addresses = [{ from: 0, ...address(r) }];
      const move = eventMonth(r, RATES.movePerYear);
      if (move !== null) p.addresses.push({ from: move, ...address(r) });
      p.marriage = null;
      if (s === 2 && ageAt(p, 0) >= 22 && ageAt(p, 0) < 40) {
        const m = eventMonth(r, RATES.marriagePerYear);
        if (m !== null) p.marriage = { from: m, family: surname(r) };
      }
      if (welfare) {
        const body = `12${pad(1 + Math.floor(r() * 47), 2)}${pad(Math.floor(r() * 1000), 3)}`;
        const recipient = pad(Math.floor(r() * 1e6), 6);
        p.koh = { payer: body + checkDigit(body), recipient: recipient + checkDigit(recipient) };
        p.cards = [];
      } else {
        p.koh = null;
        const first = household
          ? { ...household, branch: pad(2 + t, 2) }
          : ageAt(p, 0) >= RATES.koukiAt ? card(r, '39')
            : card(r, ageAt(p, 0) >= RATES.retireToKokuhoAt || r() < 0.2 ? 'kokuho' : employerLaw(r));
        const since = `${2008 + Math.floor(r() * 16)}-04-01`; // held since before the window
        p.cards = [{ from: 0, since, ...first }];
        for (let m = 1; m < WINDOW_MONTHS; m += 1) {
          const current = p.cards.at(-1);
          const age = ageAt(p, m);
          const kouki = current.insurer.startsWith('39');
          let next = null;
          if (!kouki && age >= RATES.koukiAt && ageAt(p, m - 1) < RATES.koukiAt) next = card(r, '39');
          else if (!kouki && age === RATES.retireToKokuhoAt && ageAt(p, m - 1) < age && current.insurer.length === 8) next = card(r, 'kokuho');
          else if (!kouki && r() < 1 - (1 - RATES.insurerChangePerYear) ** (1 / 12)) {
            next = card(r, age >= 60 && r() < 0.5 ? 'kokuho' : employerLaw(r));
          } else if (p.marriage?.from === m && r() < 0.5) next = card(r, employerLaw(r), '02'); // a spouse's dependant
          if (next) p.cards.push({ from: m, since: monthDate(m), ...next });
        }
      }
      persons.push(p);
    }
  }
  return persons;
}

const monthDate = (m) => `${START_YEAR + Math.floor(m / 12)}-${pad((m % 12) + 1, 2)}-01`;
const lastOf = (list, m) => list.filter((x) => x.from <= m).at(-1);

/** The sites that feed each database, with their notation habits. */
export const SITES = {
  A: [
    { name: 'A-hospital', dob: 'ymd', kana: 'space', kanjiSpace: '　', oldForm: true, wide: false, branch: '01', sex: '12', address: 'full' },
    { name: 'A-clinic', dob: 'slash', kana: 'half', kanjiSpace: '', oldForm: false, wide: true, branch: '1', sex: 'kanji', address: 'hyphenWide' },
    { name: 'A-pharmacy', dob: 'ymd', kana: 'ideo', kanjiSpace: '　', oldForm: false, wide: false, branch: '01', sex: '12', address: 'noPref', noKanji: 0.3 },
  ],
  B: [
    { name: 'B-city', dob: 'ymd', kana: 'space', kanjiSpace: '　', oldForm: true, wide: true, branch: '01', sex: '12', address: 'full' },
    { name: 'B-employer', dob: 'eraKanji', kana: 'nospace', largeKana: true, kanjiSpace: '', oldForm: false, wide: false, branch: '1', sex: 'kanji', address: 'hyphen' },
  ],
};
const DOB_STYLES = ['ymd', 'slash', 'slashShort', 'era', 'eraKanji', 'wide'];
const KANA_STYLES = ['space', 'ideo', 'nospace', 'half', 'hira'];
const VOICED = { ガ: 'カ', ギ: 'キ', グ: 'ク', ゲ: 'ケ', ゴ: 'コ', ザ: 'サ', ジ: 'シ', ズ: 'ス', ダ: 'タ', ド: 'ト', バ: 'ハ', ブ: 'フ' };
const half = (s) => [...s].map((c) => (VOICED[c] ? `${HALF[VOICED[c]]}ﾞ` : HALF[c] ?? c)).join('');
const wide = (s) => s.replace(/[0-9A-Za-z-]/g, (d) => (d === '-' ? '－' : String.fromCharCode(d.charCodeAt(0) + 0xfee0)));

function writeDob([y, m, d], style) {
  const ymd = y * 10000 + m * 100 + d;
  const [era, letter, start] = ERAS.filter(([, , s]) => s <= ymd).at(-1);
  const ey = y - Math.floor(start / 10000) + 1;
  switch (style) {
    case 'ymd': return `${y}${pad(m, 2)}${pad(d, 2)}`;
    case 'slash': return `${y}/${pad(m, 2)}/${pad(d, 2)}`;
    case 'slashShort': return `${y}/${m}/${d}`;
    case 'era': return `${letter}${ey}.${m}.${d}`;
    case 'eraKanji': return `${era}${ey}年${m}月${d}日`;
    default: return wide(`${y}年${m}月${d}日`);
  }
}

function writeKana(family, given, style) {
  switch (style) {
    case 'space': return `${family} ${given}`;
    case 'ideo': return `${family}　${given}`;
    case 'nospace': return family + given;
    case 'half': return half(`${family} ${given}`);
    default: return hiragana(`${family} ${given}`);
  }
}

const SMALL_TO_LARGE = { ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ッ: 'ツ', ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ' };

/** A legacy system without small kana writes them large (キョウコ → キヨウコ); a clerk may drop
 * the voicing marks of half-width kana (ﾀﾞ → ﾀ). */
function kanaHabits(r, site, kana) {
  let out = site.largeKana ? kana.replace(/[ァィゥェォッャュョ]/g, (c) => SMALL_TO_LARGE[c]) : kana;
  if (out.includes('ﾞ') && r() < RATES.dakutenLost) out = out.replaceAll('ﾞ', '');
  return out;
}

function writeAddress(a, style) {
  const [c, b, g] = a.block;
  switch (style) {
    case 'full': return `${a.pref}${a.city}${a.town}${c}丁目${b}番${g}号`;
    case 'hyphenWide': return wide(`${a.pref}${a.city}${a.town}${c}-${b}-${g}`);
    case 'noPref': return `${a.city}${a.town}${c}-${b}-${g}`;
    default: return `${a.pref}${a.city}${a.town}${c}-${b}-${g}`;
  }
}

const oldFormOf = (kanji, family) => (family.old && kanji === family.kanji ? family.old : kanji);

/** One record of person `p` at month `m`, written by `site`; `r` draws deviations and typos. */
function record(r, p, m, site) {
  const deviate = r() < RATES.siteDeviates;
  const family = p.marriage && p.marriage.from <= m ? p.marriage.family : p.family;
  let givenKana = p.given.kana;
  if (r() < RATES.kanaTypo) {
    const chars = [...givenKana];
    chars[Math.floor(r() * chars.length)] = pick(r, KANA_FOR_TYPO);
    givenKana = chars.join('');
  }
  const dob = r() < RATES.dobTypo ? [p.dob[0], p.dob[1], p.dob[2] === 28 ? 27 : p.dob[2] + 1] : p.dob;
  const registeredOld = family === p.family && p.oldForm;
  const familyKanji = site.oldForm && registeredOld ? oldFormOf(family.kanji, family) : family.kanji;
  const kanji = site.noKanji && r() < site.noKanji ? '' : `${familyKanji}${site.kanjiSpace}${p.given.kanji}`;
  const c = lastOf(p.cards, m);
  const digits = (s) => (site.wide ? wide(s) : s);
  let ins = { insurer: '', symbol: '', number: '', branch: '' };
  if (c) {
    const branch = c.branch === '' || r() < RATES.noBranch ? '' : site.branch === '1' ? String(Number(c.branch)) : c.branch;
    ins = { insurer: digits(c.insurer), symbol: digits(c.symbol), number: digits(c.number), branch };
  }
  const sex = site.sex === 'kanji' ? (p.sex === 1 ? '男' : '女') : String(p.sex);
  return {
    person: p.id,
    month: m,
    ...ins,
    payer: p.koh ? digits(p.koh.payer) : '',
    recipient: p.koh ? digits(p.koh.recipient) : '',
    kana: kanaHabits(r, site, writeKana(family.kana, givenKana, deviate ? pick(r, KANA_STYLES) : site.kana)),
    kanji,
    dob: writeDob(dob, deviate ? pick(r, DOB_STYLES) : site.dob),
    sex,
    address: writeAddress(lastOf(p.addresses, m), site.address),
  };
}

/**
 * The records of database `db` ('A': claims, months 0–23, 1–4 visits; 'B': health checks,
 * months 12–23, 1–2), each person at one site of the database mostly, and the history file the
 * database gets back from the history provider at the end of its window.
 */
export function database(persons, db, seed) {
  const r = rng(seed);
  const sites = SITES[db];
  const [share, first, visits] = db === 'A' ? [RATES.inA, 0, 4] : [RATES.inB, 12, 2];
  const records = [];
  const history = [];
  for (const p of persons) {
    if (r() >= share) continue;
    const home = pick(r, sites);
    const n = 1 + Math.floor(r() * visits);
    for (let v = 0; v < n; v += 1) {
      const m = first + Math.floor(r() * (WINDOW_MONTHS - first));
      const site = r() < 0.8 ? home : pick(r, sites);
      records.push(record(r, p, m, site));
    }
    // The provider answers with every number the person held, as of the end of the window.
    p.cards.forEach((c, i) => {
      const next = p.cards[i + 1];
      const to = next ? previousDay(next.since) : '';
      history.push({ person: `${db}${p.id}`, insurer: c.insurer, symbol: c.symbol, number: c.number, branch: c.branch, from: c.since, to });
    });
  }
  records.sort((a, b) => a.month - b.month || a.person - b.person);
  return { records, history };
}

function previousDay(date) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
