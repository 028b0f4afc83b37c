/**
 * The credit-code, passport, permit and IPv4 recognisers try their patterns only where the
 * number runs (or the dots) allow a match, instead of searching the whole text. These property
 * tests hold them to the whole-text search they replace: on random mixes of digits, letters,
 * separators, dots and Han text, with valid codes dropped in, the spans are the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { prepareText } from '../../src/detect/prepared-text.ts';
import type { Recognizer } from '../../src/detect/recognizer.ts';
import { cnHmtPermitRecognizer } from '../../src/detect/recognizers/cn-hmt-permit.ts';
import { cnUsccRecognizer, isValidUscc } from '../../src/detect/recognizers/cn-uscc.ts';
import { ipAddressRecognizer } from '../../src/detect/recognizers/ip-address.ts';
import { passportRecognizer } from '../../src/detect/recognizers/passport.ts';
import { GB32100_ALPHABET, gb32100CheckChar } from '../../src/detect/validators/gb32100-check.ts';

const RUNS = { numRuns: 400, seed: Number(process.env['FC_SEED'] ?? 20261129) };

/** The whole-text patterns, as the recognisers used them before. */
const USCC =
  /(?<![0-9A-Za-z])[1-9A-HNYa-hny][1-59][0-9]{6}[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{10}(?![0-9A-Za-z])/g;
const CN_PASSPORT =
  /(?<![0-9A-Za-z])(?:[EGeg][0-9]{8}|[Ee][A-HJ-NP-Za-hj-np-z][0-9]{7}|[DSPdsp][Ee]?[0-9]{7})(?![0-9A-Za-z])/g;
const LETTER_PERMIT =
  /(?<![0-9A-Za-z])(?:[CcWw][0-9]{8}|[Cc][A-HJ-NP-Za-hj-np-z][0-9]{7}|[HMhm][0-9]{8}(?:[0-9]{2})?|[LTlt][0-9]{8})(?![0-9A-Za-z])/g;
const OCTET = String.raw`(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])`;
const IPV4 = new RegExp(
  String.raw`(?<![0-9A-Za-z.])${OCTET}(?:\.${OCTET}){3}(?![0-9A-Za-z]|\.[0-9])`,
  'g',
);

function regexSpans(re: RegExp, text: string, keep: (m: string) => boolean = () => true): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (keep(m[0])) out.push(`${m.index}-${m.index + m[0].length}`);
  }
  return out;
}

function recognizerSpans(r: Recognizer, text: string, keep: (t: string) => boolean): string[] {
  return r
    .recognize(prepareText(text))
    .filter((m) => keep(text.slice(m.start, m.end)))
    .map((m) => `${m.start}-${m.end}`)
    .sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]));
}

/** A valid credit code (any body, right check character). */
const validUscc = fc
  .tuple(
    fc.constantFrom('9', '1', '5', 'Y', 'A'),
    fc.constantFrom('1', '2', '3', '9'),
    fc.constantFrom('110105', '310115', '440300', '350100'),
    fc.array(fc.constantFrom(...GB32100_ALPHABET.slice(0, 31)), { minLength: 9, maxLength: 9 }),
  )
  .map(([a, b, region, body]) => {
    const first17 = a + b + region + body.join('');
    return first17 + gb32100CheckChar(first17);
  });

/** Pieces that make candidates and near-misses of every kind. */
const piece = fc.oneof(
  fc.stringMatching(/^[0-9]{1,12}$/),
  fc.stringMatching(/^[A-Za-z]{1,3}$/),
  fc.constantFrom(' ', '-', '.', '\n', '\r\n', '，', '号', '：', 'x', 'X', '..'),
  fc.stringMatching(/^[EGDSPCWHMLT][A-Z]?[0-9]{7,10}$/),
  fc.stringMatching(/^[EGDSPCWHMLTegdspcwhmlt][A-Za-z]?[0-9]{7,10}$/).map((c) => ` ${c}，`),
  fc.stringMatching(/^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,4}(\.[0-9])?$/),
  fc.stringMatching(/^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/).map((ip) => `：${ip} `),
  validUscc,
  validUscc.map((c) => c.toLowerCase()),
  fc.constantFrom('客户', '统一社会信用代码', '登录', '版本', '手机'),
);
const texts = fc.array(piece, { minLength: 1, maxLength: 30 }).map((p) => p.join(''));

test('credit codes: the same spans as a whole-text search', () => {
  fc.assert(
    fc.property(texts, (text) => {
      const expected = regexSpans(USCC, text, (m) => isValidUscc(m.toUpperCase()));
      assert.deepEqual(
        recognizerSpans(cnUsccRecognizer, text, () => true),
        expected,
      );
    }),
    RUNS,
  );
});

test('passports: the same spans as a whole-text search', () => {
  fc.assert(
    fc.property(texts, (text) => {
      assert.deepEqual(
        recognizerSpans(passportRecognizer, text, () => true),
        regexSpans(CN_PASSPORT, text),
      );
    }),
    RUNS,
  );
});

test('permits: the same spans as a whole-text search', () => {
  fc.assert(
    fc.property(texts, (text) => {
      assert.deepEqual(
        recognizerSpans(cnHmtPermitRecognizer, text, () => true),
        regexSpans(LETTER_PERMIT, text),
      );
    }),
    RUNS,
  );
});

test('IPv4 addresses: the same spans as a whole-text search', () => {
  fc.assert(
    fc.property(texts, (text) => {
      assert.deepEqual(
        recognizerSpans(ipAddressRecognizer, text, (t) => !t.includes(':')),
        regexSpans(IPV4, text),
      );
    }),
    RUNS,
  );
});
