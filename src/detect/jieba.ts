/**
 * Dictionary-only POS tagging with jieba's dictionary, in JavaScript.
 *
 * The recognisers tag thousands of small windows per megabyte of records. Through the native
 * module each call costs 25–60 µs plus ~1.5 µs per character, which held name detection to a few
 * MB/s; the same algorithm in JavaScript costs well under a microsecond per character and no
 * call overhead. The algorithm is jieba's own without the HMM: a DAG of the dictionary words
 * starting at each character, the route of highest summed log frequency (ties to the longer
 * word), consecutive single ASCII letters and digits joined, and each word's tag looked up in the
 * dictionary (`eng`, `m` or `x` for words it does not hold). The native segmenter is still
 * available (`sharedJieba`) for anything that needs the HMM.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Jieba, TaggedWord } from '@node-rs/jieba';

interface JiebaModule {
  Jieba: typeof Jieba;
}
interface JiebaDictModule {
  dict: Uint8Array;
}

const require = createRequire(import.meta.url);
let instance: Jieba | undefined;

/**
 * The shared native Jieba instance with the default dictionary (loads ~0.3 s, ~50 MB).
 *
 * @example
 * sharedJieba().tag('被保险人陈思思', false) // [{ word: '被保险人', tag: 'n' }, { word: '陈思思', tag: 'nr' }]
 */
export function sharedJieba(): Jieba {
  if (!instance) {
    // Required here, not imported at the top: the native addon and the 5 MB dictionary file load
    // only when they are first needed.
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as JiebaModule;
    instance = JiebaClass.withDict(loadDictText());
  }
  return instance;
}

function loadDictText(): Uint8Array {
  return (require('@node-rs/jieba/dict.js') as JiebaDictModule).dict;
}

/** A tagged word with its UTF-16 offsets in the tagged text. */
export interface TaggedToken extends TaggedWord {
  readonly start: number;
  readonly end: number;
}

/** FNV-1a over UTF-16 code units: the dictionary's hash, extended one unit at a time. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const hashStep = (h: number, unit: number): number => Math.imul(h ^ unit, FNV_PRIME);
const isLowSurrogate = (unit: number): boolean => (unit & 0xfc00) === 0xdc00;

/** Table slots (a power of two, about four times the ~500,000 words and prefixes). */
const TABLE_BITS = 21;

/**
 * jieba's dictionary in memory, built for the DAG walk: an open-addressing hash table over the
 * dictionary text itself (no string per word), holding every word and every proper prefix of a
 * word, so that the walk from a character stops as soon as no word can continue. Building it
 * costs ~0.1 s of CPU and ~20 MB, less than the native segmenter's own load.
 */
class WordDictionary {
  readonly #text: string;
  readonly #table: Int32Array<ArrayBuffer> = new Int32Array(1 << TABLE_BITS);
  readonly #mask = (1 << TABLE_BITS) - 1;
  /** Per entry: offset of its characters in #text, its length, its word id or -1 (prefix). */
  #start = new Int32Array(1 << 19);
  #length = new Uint8Array(1 << 19);
  #word = new Int32Array(1 << 19);
  #entries = 0;
  /** Per word: ln(freq) − ln(total), the weight of the word on a route; its tag. */
  readonly logProb: Float64Array<ArrayBuffer>;
  readonly #tagOf: Uint16Array<ArrayBuffer>;
  readonly #tags: string[] = [];

  /** What the build computed from the text, for {@link writeDictionaryCache}. */
  arrays(): DictionaryArrays {
    return {
      table: this.#table,
      start: this.#start,
      length: this.#length,
      word: this.#word,
      logProb: this.logProb,
      tagOf: this.#tagOf,
      tags: this.#tags,
      unknownLogProb: this.unknownLogProb,
    };
  }
  /** ln(1) − ln(total): the weight of a character the dictionary does not hold. */
  readonly unknownLogProb: number;

  constructor(text: string, built?: DictionaryArrays) {
    this.#text = text;
    if (built) {
      this.#table = built.table;
      this.#start = built.start;
      this.#length = built.length;
      this.#word = built.word;
      this.#entries = built.start.length;
      this.logProb = built.logProb;
      this.#tagOf = built.tagOf;
      this.#tags = built.tags;
      this.unknownLogProb = built.unknownLogProb;
      return;
    }
    const freqs: number[] = [];
    const tagIds: number[] = [];
    const tagIndex = new Map<string, number>();
    let total = 0;
    for (let p = 0; p < text.length;) {
      let e = text.indexOf('\n', p);
      if (e < 0) e = text.length;
      const a = text.indexOf(' ', p);
      if (a > p && a < e && a - p <= 255) {
        let b = text.indexOf(' ', a + 1);
        if (b < 0 || b > e) b = e;
        const freq = Number(text.slice(a + 1, b));
        if (Number.isFinite(freq)) {
          const tag = b < e ? text.slice(b + 1, e).trim() : '';
          let t = tagIndex.get(tag);
          if (t === undefined) {
            t = this.#tags.length;
            tagIndex.set(tag, t);
            this.#tags.push(tag);
          }
          this.#insert(p, a - p, freqs.length);
          freqs.push(freq);
          tagIds.push(t);
          total += freq;
        }
      }
      p = e + 1;
    }
    // The entry arrays grew by doubling; no entry is added after the build, so keep only what
    // is used (a few MB of resident memory for the rest of the scan).
    this.#start = this.#start.slice(0, this.#entries);
    this.#length = this.#length.slice(0, this.#entries);
    this.#word = this.#word.slice(0, this.#entries);
    const logTotal = Math.log(total);
    // A plain loop: `Float64Array.from` with a mapping function iterates generically and cost
    // a tenth of the dictionary's build, which every scan with names pays at start.
    this.logProb = new Float64Array(freqs.length);
    for (let i = 0; i < freqs.length; i++) this.logProb[i] = Math.log(freqs[i]!) - logTotal;
    this.#tagOf = Uint16Array.from(tagIds);
    this.unknownLogProb = Math.log(1) - logTotal;
  }

  /** Adds the word at #text[p, p + len) and its prefixes; a later duplicate replaces it. */
  #insert(p: number, len: number, id: number): void {
    let h = FNV_OFFSET;
    for (let k = 1; k <= len; k++) {
      h = hashStep(h, this.#text.charCodeAt(p + k - 1));
      const e = this.#find(h, this.#text, p, k);
      if (e >= 0) {
        if (k === len) this.#word[e] = id;
        continue;
      }
      this.#add(h, p, k, k === len ? id : -1);
    }
  }

  #add(h: number, p: number, len: number, id: number): void {
    if (this.#entries === this.#start.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
      const n = this.#start.length * 2;
      this.#start = grow(this.#start, new Int32Array(n));
      this.#length = grow(this.#length, new Uint8Array(n));
      this.#word = grow(this.#word, new Int32Array(n));
    }
    const e = this.#entries++;
    this.#start[e] = p;
    this.#length[e] = len;
    this.#word[e] = id;
    let slot = h & this.#mask;
    while (this.#table[slot] !== 0) slot = (slot + 1) & this.#mask;
    this.#table[slot] = e + 1;
  }

  /** The entry for s[from, from + len) whose hash is h, or -1. */
  #find(h: number, s: string, from: number, len: number): number {
    const text = this.#text;
    for (let slot = h & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const v = this.#table[slot]!;
      if (v === 0) return -1;
      const e = v - 1;
      if (this.#length[e] !== len) continue;
      const q = this.#start[e]!;
      let k = 0;
      while (k < len && text.charCodeAt(q + k) === s.charCodeAt(from + k)) k++;
      if (k === len) return e;
    }
  }

  /**
   * jieba's best route over s[from, to) (one block of dictionary characters): for each position,
   * the end of the word taken there and the summed log probability from there on, written into
   * `next` and `weight` (indexed by UTF-16 offset from `from`; a low surrogate is no position).
   */
  route(
    s: string,
    from: number,
    to: number,
    next: Int32Array,
    weight: Float64Array,
    word: Int32Array,
  ): void {
    const n = to - from;
    const text = this.#text;
    weight[n] = 0;
    next[n] = n;
    for (let i = n - 1; i >= 0; i--) {
      if (isLowSurrogate(s.charCodeAt(from + i)) && i > 0) continue;
      let best = -Infinity;
      let bestEnd = -1;
      let bestId = -1;
      let h = FNV_OFFSET;
      // Walk the words starting at i, shortest first, until no word continues.
      for (let k = i; k < n; k++) {
        h = hashStep(h, s.charCodeAt(from + k));
        const len = k + 1 - i;
        let e = -1;
        if (len <= 2) {
          e = len === 1 ? this.#entry1(h, s, from + i) : this.#entry2(h, s, from + i);
        } else {
          for (let slot = h & this.#mask; ; slot = (slot + 1) & this.#mask) {
            const v = this.#table[slot]!;
            if (v === 0) break;
            if (this.#length[v - 1] !== len) continue;
            const q = this.#start[v - 1]!;
            let m = 0;
            while (m < len && text.charCodeAt(q + m) === s.charCodeAt(from + i + m)) m++;
            if (m === len) {
              e = v - 1;
              break;
            }
          }
        }
        if (e < 0) break;
        const id = this.#word[e]!;
        const end = k + 1;
        if (id < 0 || (end < n && isLowSurrogate(s.charCodeAt(from + end)))) continue;
        const w = this.logProb[id]! + weight[end]!;
        // Ties go to the longer word, as Rust's max_by keeps the last maximum.
        if (w >= best) {
          best = w;
          bestEnd = end;
          bestId = id;
        }
      }
      if (bestEnd < 0) {
        // A character the dictionary does not hold (one or two UTF-16 units).
        bestEnd = i + 1 < n && isLowSurrogate(s.charCodeAt(from + i + 1)) ? i + 2 : i + 1;
        best = this.unknownLogProb + weight[bestEnd]!;
      }
      weight[i] = best;
      next[i] = bestEnd;
      word[i] = bestId;
    }
  }

  /**
   * Entries of one and two characters, remembered: every position of every window starts with
   * these lookups, and the table (8 MB) and entry arrays are too large for the CPU caches, so
   * each probe was a cache miss. Values are entry + 2, 1 for "no entry", 0 for "not asked yet".
   */
  readonly #one = new Int32Array(0x10000);
  readonly #twoKey = new Int32Array(1 << 16);
  readonly #twoValue = new Int32Array(1 << 16);

  /** The entry for the character s[at] (hash h), or -1. */
  #entry1(h: number, s: string, at: number): number {
    const c = s.charCodeAt(at);
    let v = this.#one[c]!;
    if (v === 0) {
      v = this.#find(h, s, at, 1) + 2;
      this.#one[c] = v;
    }
    return v - 2;
  }

  /** The entry for s[at, at + 2) (hash h), or -1; a direct-mapped cache keyed by both units. */
  #entry2(h: number, s: string, at: number): number {
    const key = ((s.charCodeAt(at) << 16) | s.charCodeAt(at + 1)) >>> 0;
    const slot = (Math.imul(key, 0x9e3779b1) >>> 16) & 0xffff;
    // Keys are stored + 1 so that an empty slot (0) never matches.
    const stored = (key + 1) | 0;
    if (this.#twoKey[slot] === stored && this.#twoValue[slot] !== 0) {
      return this.#twoValue[slot]! - 2;
    }
    const e = this.#find(h, s, at, 2);
    this.#twoKey[slot] = stored;
    this.#twoValue[slot] = e + 2;
    return e;
  }

  /** The word id of s, or -1. */
  wordId(s: string): number {
    let h = FNV_OFFSET;
    for (let k = 0; k < s.length; k++) h = hashStep(h, s.charCodeAt(k));
    const e = s.length > 0 ? this.#find(h, s, 0, s.length) : -1;
    return e < 0 ? -1 : this.#word[e]!;
  }

  tag(id: number): string {
    return this.#tags[this.#tagOf[id]!]!;
  }
}

let dictionary: WordDictionary | undefined;

function wordDictionary(): WordDictionary {
  if (dictionary) return dictionary;
  const path = dictPath();
  const text = readDictText(path);
  const cached = readDictionaryCache(path, text);
  dictionary = new WordDictionary(text, cached);
  if (!cached) writeDictionaryCache(path, dictionary.arrays());
  return dictionary;
}

/** Everything {@link WordDictionary} builds from the dictionary text. */
interface DictionaryArrays {
  table: Int32Array<ArrayBuffer>;
  start: Int32Array<ArrayBuffer>;
  length: Uint8Array<ArrayBuffer>;
  word: Int32Array<ArrayBuffer>;
  logProb: Float64Array<ArrayBuffer>;
  tagOf: Uint16Array<ArrayBuffer>;
  tags: string[];
  unknownLogProb: number;
}

/**
 * The built dictionary is cached on disk (node_modules/.cache/piguard/, where build tools keep
 * theirs): building it costs ~0.15–0.3 CPU-s at every start of a scan with names — a tenth of
 * scanning 50 MB — and loading it from the cache, with the dictionary text itself and the checks
 * below, ~80 ms (measured on a loaded 2-core machine: 262–321 ms to build). The cache is keyed by the dictionary file's size
 * and mtime and by this layout's version; any problem reading or writing it only means building.
 */
const CACHE_VERSION = 1;
const CACHE_MAGIC = 0x444a4750; // "PGJD"
/** Header: magic, version, table bits, entries, words, tags byte length (u32); dict size, mtime, unknownLogProb (f64). */
const CACHE_HEADER_BYTES = 6 * 4 + 3 * 8;

/** The cache beside the dictionary's package: <node_modules>/.cache/piguard/. */
function cacheFile(dict: string): string {
  const nodeModules = join(dirname(dict), '..', '..');
  return join(nodeModules, '.cache', 'piguard', `jieba-dictionary-v${CACHE_VERSION}.bin`);
}

/** Section offsets in a cache file, each 8-byte aligned. */
function cacheLayout(entries: number, words: number, tagBytes: number): number[] {
  const align = (n: number): number => (n + 7) & ~7;
  const sizes = [
    4 << TABLE_BITS,
    4 * entries,
    entries,
    4 * entries,
    8 * words,
    2 * words,
    tagBytes,
  ];
  const offsets: number[] = [];
  let at = CACHE_HEADER_BYTES;
  for (const size of sizes) {
    offsets.push(at);
    at = align(at + size);
  }
  offsets.push(at);
  return offsets;
}

function readDictionaryCache(dict: string, text: string): DictionaryArrays | undefined {
  try {
    const st = statSync(dict);
    const bytes = readFileSync(cacheFile(dict));
    if (bytes.length < CACHE_HEADER_BYTES) return undefined;
    const [magic, version, bits, entries, words, tagBytes] = [0, 4, 8, 12, 16, 20].map((o) =>
      bytes.readUInt32LE(o),
    ) as [number, number, number, number, number, number];
    if (magic !== CACHE_MAGIC || version !== CACHE_VERSION || bits !== TABLE_BITS) return undefined;
    if (bytes.readDoubleLE(24) !== st.size || bytes.readDoubleLE(32) !== st.mtimeMs)
      return undefined;
    const at = cacheLayout(entries, words, tagBytes);
    if (bytes.length !== at[7]) return undefined;
    // Copies, not views: the file's buffer need not be aligned, and copying 16 MB takes ~5 ms.
    const section = (k: number): ArrayBuffer =>
      bytes.buffer.slice(bytes.byteOffset + at[k]!, bytes.byteOffset + at[k + 1]!);
    const arrays: DictionaryArrays = {
      table: new Int32Array(section(0), 0, 1 << TABLE_BITS),
      start: new Int32Array(section(1), 0, entries),
      length: new Uint8Array(section(2), 0, entries),
      word: new Int32Array(section(3), 0, entries),
      logProb: new Float64Array(section(4), 0, words),
      tagOf: new Uint16Array(section(5), 0, words),
      tags: bytes.toString('utf8', at[6], at[6]! + tagBytes).split('\n'),
      unknownLogProb: bytes.readDoubleLE(40),
    };
    // An entry or tag index out of range would make lookups read garbage: distrust the file.
    for (let i = 0; i < words; i++) if (arrays.tagOf[i]! >= arrays.tags.length) return undefined;
    for (let i = 0; i < entries; i++) {
      if (arrays.word[i]! >= words || arrays.start[i]! + arrays.length[i]! > text.length) {
        return undefined;
      }
    }
    const table = arrays.table;
    for (let i = 0; i < table.length; i++)
      if (table[i]! < 0 || table[i]! > entries) return undefined;
    return arrays;
  } catch {
    return undefined;
  }
}

function writeDictionaryCache(dict: string, a: DictionaryArrays): void {
  try {
    const st = statSync(dict);
    const tags = Buffer.from(a.tags.join('\n'), 'utf8');
    const entries = a.start.length;
    const words = a.logProb.length;
    const at = cacheLayout(entries, words, tags.length);
    const bytes = Buffer.alloc(at[7]!);
    [CACHE_MAGIC, CACHE_VERSION, TABLE_BITS, entries, words, tags.length].forEach((v, i) =>
      bytes.writeUInt32LE(v, 4 * i),
    );
    bytes.writeDoubleLE(st.size, 24);
    bytes.writeDoubleLE(st.mtimeMs, 32);
    bytes.writeDoubleLE(a.unknownLogProb, 40);
    const put = (k: number, v: ArrayBufferView): void =>
      bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at[k]);
    [a.table, a.start, a.length, a.word, a.logProb, a.tagOf, tags].forEach((v, k) => put(k, v));
    const file = cacheFile(dict);
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed: a concurrent scan reads either no file or a whole one.
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch {
    // A read-only install: scans build the dictionary each time, as without a cache.
  }
}

/** The path of jieba's dictionary file. */
function dictPath(): string {
  return join(dirname(require.resolve('@node-rs/jieba/dict.js')), 'dict.txt');
}

/**
 * The dictionary file as text, read directly: through `@node-rs/jieba/dict.js` the module cache
 * would keep its 5 MB of bytes next to the decoded text, and the 6 MB IDF table that module also
 * loads, for as long as the process runs (11 MB of a scan's resident memory).
 */
function readDictText(path: string): string {
  const text = readFileSync(path, 'utf8');
  // As TextDecoder would: a byte-order mark is not part of the first word.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Characters jieba segments with the dictionary (CJK ideographs, ASCII letters, digits, +#&._%-). */
const HAN_BLOCK =
  /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B820}-\u{2CEAF}\u{2CEB0}-\u{2EBEF}\u{2F800}-\u{2FA1F}a-zA-Z0-9+#&._%-]+/gu;
const SKIP = /\r\n|\s/y;

/** The tag jieba gives a word its dictionary does not hold. */
function unknownTag(word: string): string {
  let eng = 0;
  let digits = 0;
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(k);
    const digit = c >= 0x30 && c <= 0x39;
    if (digit || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) eng++;
    if (digit) digits++;
  }
  return eng === 0 ? 'x' : eng === digits ? 'm' : 'eng';
}

function push(out: TaggedToken[], d: WordDictionary, word: string, start: number): void {
  const id = d.wordId(word);
  out.push({ word, tag: id >= 0 ? d.tag(id) : unknownTag(word), start, end: start + word.length });
}

/** Route buffers, reused: blocks are short and tagging is single-threaded. */
let routeNext = new Int32Array(256);
let routeWeight = new Float64Array(256);
let routeWord = new Int32Array(256);

/** jieba's cut without HMM of the block text[from, to), appended to `out`. */
function cutBlock(
  out: TaggedToken[],
  d: WordDictionary,
  text: string,
  from: number,
  to: number,
): void {
  const n = to - from;
  if (routeNext.length <= n) {
    routeNext = new Int32Array(2 * n + 1);
    routeWeight = new Float64Array(2 * n + 1);
    routeWord = new Int32Array(2 * n + 1);
  }
  const next = routeNext;
  d.route(text, from, to, next, routeWeight, routeWord);
  let x = 0;
  let left = -1;
  while (x < n) {
    const y = next[x]!;
    if (y === x + 1 && isAsciiAlnum(text.charCodeAt(from + x))) {
      if (left < 0) left = x;
    } else {
      if (left >= 0) {
        push(out, d, text.slice(from + left, from + x), from + left);
        left = -1;
      }
      const id = routeWord[x]!;
      const w = text.slice(from + x, from + y);
      out.push({
        word: w,
        tag: id >= 0 ? d.tag(id) : unknownTag(w),
        start: from + x,
        end: from + y,
      });
    }
    x = y;
  }
  if (left >= 0) push(out, d, text.slice(from + left, to), from + left);
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Whitespace and other characters between blocks: whitespace (or CRLF) and each other character alone. */
function cutOther(out: TaggedToken[], text: string, from: number, to: number): void {
  let k = from;
  while (k < to) {
    SKIP.lastIndex = k;
    const m = SKIP.exec(text);
    let len = m && k + m[0].length <= to ? m[0].length : 0;
    if (len === 0) {
      const c = text.charCodeAt(k);
      len = c >= 0xd800 && c <= 0xdbff && k + 1 < to ? 2 : 1;
    }
    const word = text.slice(k, k + len);
    out.push({ word, tag: 'x', start: k, end: k + len });
    k += len;
  }
}

/**
 * POS-tags `text` with the dictionary only (no HMM, so unknown names stay single characters and
 * the result is deterministic) and returns tokens with offsets that tile the text.
 *
 * @example
 * tagWithOffsets('客户王芳') // [{ word: '客户', tag: 'n', start: 0, end: 2 }, { word: '王', … }, …]
 */
export function tagWithOffsets(text: string): TaggedToken[] | undefined {
  const d = wordDictionary();
  const out: TaggedToken[] = [];
  let pos = 0;
  HAN_BLOCK.lastIndex = 0;
  for (let m = HAN_BLOCK.exec(text); m; m = HAN_BLOCK.exec(text)) {
    if (m.index > pos) cutOther(out, text, pos, m.index);
    cutBlock(out, d, text, m.index, m.index + m[0].length);
    pos = m.index + m[0].length;
  }
  if (pos < text.length) cutOther(out, text, pos, text.length);
  return out;
}

/**
 * Tags many short texts (kept for callers that batch windows; with the JavaScript tagger there
 * is no per-call cost left to save).
 *
 * @example
 * tagMany(['客户王芳', '联系人张伟'])[1]?.[0]?.word // '联系人'
 */
export function tagMany(texts: readonly string[]): (TaggedToken[] | undefined)[] {
  return texts.map((t) => tagWithOffsets(t));
}
