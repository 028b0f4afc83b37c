/**
 * Data-driven test over the transparency-dev/merkle proof vectors in ../shared/testdata: every
 * happy path verifies, every other file is rejected — as each file's `wantErr` says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  ProofError,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/proof-verification.ts';
import { TESTDATA } from './reference-corpus.ts';

const ROOT = join(TESTDATA, 'rfc6962-proofs');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? jsonFiles(p) : name.endsWith('.json') ? [p] : [];
    })
    .sort();
}

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  wantErr: boolean;
}

interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  wantErr: boolean;
}

const inclusionFiles = jsonFiles(join(ROOT, 'inclusion'));
const consistencyFiles = jsonFiles(join(ROOT, 'consistency'));

test('the vector folders are where the README says and are not empty', () => {
  assert.ok(inclusionFiles.length > 50, `${inclusionFiles.length} inclusion vectors`);
  assert.ok(consistencyFiles.length > 50, `${consistencyFiles.length} consistency vectors`);
  // Every happy path must be expected to verify; the test below would otherwise prove little.
  for (const f of [...inclusionFiles, ...consistencyFiles].filter((f) =>
    f.endsWith('happy-path.json'),
  )) {
    assert.equal((JSON.parse(readFileSync(f, 'utf8')) as { wantErr: boolean }).wantErr, false, f);
  }
});

for (const file of inclusionFiles) {
  const v = JSON.parse(readFileSync(file, 'utf8')) as InclusionVector;
  test(`inclusion ${relative(ROOT, file)} ${v.wantErr ? 'is rejected' : 'verifies'}`, () => {
    const run = (): void =>
      verifyInclusion(
        b64(v.leafHash),
        v.leafIdx,
        v.treeSize,
        (v.proof ?? []).map(b64),
        b64(v.root),
      );
    if (v.wantErr) assert.throws(run, ProofError);
    else run();
  });
}

for (const file of consistencyFiles) {
  const v = JSON.parse(readFileSync(file, 'utf8')) as ConsistencyVector;
  test(`consistency ${relative(ROOT, file)} ${v.wantErr ? 'is rejected' : 'verifies'}`, () => {
    const run = (): void =>
      verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2));
    if (v.wantErr) assert.throws(run, ProofError);
    else run();
  });
}
