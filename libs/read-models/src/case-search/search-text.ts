/**
 * 全文检索 for Chinese without a word segmenter: a text is indexed by its character bigrams (each pair of
 * neighbouring characters, 消防通道 → 消防 防通 通道), so any query of 2 characters or more is looked up
 * by the bigrams it contains and then checked as a substring. Letters are folded to lower case first, in
 * the text and in the query alike (one folding for both, so the lookup never misses what the check finds).
 * pg_trgm cannot do this: a 2-character pattern has no whole trigram (and zhparser/pg_bigm are not
 * available on a stock PostgreSQL).
 */

/** Lower-cases letter by letter (a letter whose lower case is longer keeps its case: positions stay put). */
export function foldSearchText(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

/** The distinct bigrams of an already folded text, sorted (one stored form for live and rebuilt rows). */
export function bigramsOf(folded: string): string[] {
  if (!/[\uD800-\uDFFF]/.test(folded)) return bmpBigramsOf(folded);
  const chars = [...folded];
  const set = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) set.add(chars[i] + chars[i + 1]);
  return [...set].sort();
}

/**
 * The same for a text without surrogate pairs (nearly every text; a rebuild computes this for every case):
 * each bigram as one number (two UTF-16 units), sorted numerically, which is the order of the strings.
 */
function bmpBigramsOf(folded: string): string[] {
  const n = folded.length - 1;
  if (n < 1) return [];
  const codes = new Float64Array(n);
  for (let i = 0; i < n; i += 1) codes[i] = folded.charCodeAt(i) * 65_536 + folded.charCodeAt(i + 1);
  codes.sort();
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) {
    if (i > 0 && codes[i] === codes[i - 1]) continue;
    out.push(String.fromCharCode(Math.floor(codes[i] / 65_536), codes[i] % 65_536));
  }
  return out;
}
