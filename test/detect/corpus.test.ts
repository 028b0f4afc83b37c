/**
 * Precision and recall of `scanText` per entity type on the generated labelled corpus
 * (test/fixtures/pi-corpus). The corpus is written independently of the recognisers.
 *
 * Matching rule (see score.ts): a finding is a true positive when its type equals a label's type
 * and the spans overlap by at least 50% of the label's length, in code points. Precision =
 * matching findings / findings; recall = labels hit / labels.
 *
 * Thresholds are those of issue 2 "Acceptance". Set PIGUARD_CORPUS_MISSES=N to print up to N
 * masked misses and false alarms per type.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENTITY_TYPES, type EntityType } from '../../src/core/entity-types.ts';
import { scanText } from '../../src/detect/text-scanner.ts';
import { generateCorpus } from '../fixtures/pi-corpus/generate-corpus.ts';
import { sliceCodePoints, type LabelledDocument } from '../fixtures/pi-corpus/labelled-document.ts';
import {
  formatScoreTable,
  hits,
  ScoreBoard,
  type Detection,
  type TypeScore,
} from '../fixtures/pi-corpus/score.ts';

const SEED = 20261129;
const DOCUMENTS = 2000;

/** Minimum precision and recall per type (issue 2, Acceptance). */
const THRESHOLDS: ReadonlyArray<readonly [EntityType, number]> = [
  ['CN_RESIDENT_ID', 0.98],
  ['PHONE_NUMBER', 0.98],
  ['BANK_CARD', 0.98],
  ['EMAIL_ADDRESS', 0.98],
  ['CN_USCC', 0.98],
  ['IP_ADDRESS', 0.98],
  ['PERSON_NAME', 0.9],
  ['ADDRESS', 0.9],
];

/** Shows a value's shape without the value: first 2 and last 1 characters, the rest masked. */
function mask(s: string): string {
  const cps = Array.from(s.replace(/\n/g, '⏎'));
  if (cps.length <= 3) return cps[0] + '*'.repeat(cps.length - 1);
  return cps.slice(0, 2).join('') + '*'.repeat(cps.length - 3) + cps[cps.length - 1];
}

/** A masked line showing where a span is: 8 characters of context on each side (context kept). */
function where(doc: LabelledDocument, start: number, end: number): string {
  const before = sliceCodePoints(doc.text, Math.max(0, start - 8), start).replace(/\n/g, '⏎');
  const after = sliceCodePoints(doc.text, end, end + 8).replace(/\n/g, '⏎');
  return `…${before}[${mask(sliceCodePoints(doc.text, start, end))}]${after}…`;
}

const docs = generateCorpus({ seed: SEED, documents: DOCUMENTS });
const board = new ScoreBoard();
const misses = new Map<string, string[]>();
const showMisses = Number(process.env['PIGUARD_CORPUS_MISSES'] ?? 0);

function note(kind: string, type: string, line: string): void {
  const key = `${kind} ${type}`;
  const list = misses.get(key) ?? [];
  if (list.length < showMisses) list.push(line);
  misses.set(key, list);
}

let scores: TypeScore[] = [];

test(`scanText over ${DOCUMENTS} labelled documents (seed ${SEED})`, (t) => {
  let chars = 0;
  const started = process.hrtime.bigint();
  for (const doc of docs) {
    chars += doc.text.length;
    const found: Detection[] = scanText(doc.text);
    board.add(doc.labels, found);
    if (showMisses > 0) {
      for (const l of doc.labels) {
        if (!found.some((f) => hits(f, l))) note('missed', l.type, where(doc, l.start, l.end));
      }
      for (const f of found) {
        if (!doc.labels.some((l) => hits(f, l))) note('false', f.type, where(doc, f.start, f.end));
      }
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  scores = board.scores(ENTITY_TYPES);
  const table = formatScoreTable(scores);
  for (const line of table.split('\n')) t.diagnostic(line);
  t.diagnostic(`${docs.length} documents, ${chars} UTF-16 units, scanned in ${ms.toFixed(0)} ms`);
  console.log(table);
  for (const [key, list] of misses) {
    for (const line of list) console.log(`${key}: ${line}`);
  }
  // The corpus itself must carry every type, or a threshold below would pass vacuously.
  for (const [type] of THRESHOLDS) {
    assert.ok(
      (scores.find((s) => s.type === type)?.labels ?? 0) >= 100,
      `${type}: corpus too small`,
    );
  }
});

for (const [type, min] of THRESHOLDS) {
  test(`${type}: precision and recall ≥ ${min}`, () => {
    const s = scores.find((x) => x.type === type);
    assert.ok(s, `${type} not scored`);
    // NaN (no findings at all) fails both comparisons, as it should.
    assert.ok(
      s.recall >= min,
      `${type} recall ${s.recall.toFixed(4)} < ${min} (${s.matchedLabels}/${s.labels} labels found)`,
    );
    assert.ok(
      s.precision >= min,
      `${type} precision ${s.precision.toFixed(4)} < ${min} (${s.truePositives}/${s.findings} findings correct)`,
    );
  });
}
