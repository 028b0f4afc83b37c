/**
 * Evidence bundles on both engines: export then verify offline (happy path), and tampering with
 * each part — an entry byte, a proof hash, the checkpoint, a signature, the manifest, a snapshot,
 * a count, a consistency proof, a note, the key — makes verify fail naming that part.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileCheckpointPublisher } from '../../src/audit/checkpoint-publisher.ts';
import { generateSignerKey, signNote, signerFromKey } from '../../src/audit/signed-note.ts';
import type { EvidenceBundle } from '../../src/cases/evidence-bundle.ts';
import { exportEvidence } from '../../src/cases/evidence-export.ts';
import {
  EvidenceUnreadableError,
  verifyEvidence,
  type EvidenceVerifyReport,
} from '../../src/cases/evidence-verify.ts';
import { DEFAULT_LEGAL_CONFIG } from '../../src/cases/legal-categories.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import {
  access,
  openCaseFixture,
  recordAccesses,
  type CaseFixture,
} from './fixtures/case-fixture.ts';

async function buildCase(f: CaseFixture): Promise<{ bundle: EvidenceBundle; warnings: string[] }> {
  const file = join(f.database.tempDir, 'piguard.checkpoints');
  const publisher = new FileCheckpointPublisher(file);
  await recordAccesses(f, [
    access('S0042', ['C1', 'C2', 'C3'], { fields: ['name', 'phone'] }, 1),
    access('S0007', ['C1'], {}, 2),
    access('S0042', ['C4'], { action: 'export', fields: ['name', 'premium'], export_id: 'E1' }, 3),
  ]);
  await f.log.signCheckpoint(f.signer, [publisher]);
  await recordAccesses(f, [
    access('S0042', ['C5', 'C1'], {}, 4),
    access('S0042', ['C9'], { decision: 'deny' }, 5),
  ]);
  const c = await f.store.openCase({
    suspect: 'S0042',
    title: 'Slow drip <script>',
    actor: 'inv1',
  });
  await f.store.attachItem(
    c.caseId,
    {
      kind: 'alert',
      ref: 'S0042/2026-03-02',
      snapshot: {
        actor: 'S0042',
        day: '2026-03-02',
        score: 7.5,
        kind: 'cusum',
        reasons: ['x'],
        customers: 5,
      },
    },
    'inv1',
  );
  await f.store.attachItem(
    c.caseId,
    {
      kind: 'trace',
      ref: 'T-1',
      snapshot: {
        rows: 40,
        matched: 38,
        canaries: [{ identity: 'canary-3', export_id: 'E1', actor: 'S0042' }],
        suspects: [
          {
            actor: 'S0042',
            matched_in_access: 30,
            expected_by_chance: 1.2,
            false_accusation_probability: 1e-12,
            signals: ['access-set'],
          },
        ],
        null_model: { kind: 'stratified-hypergeometric', strata: 4 },
      },
    },
    'inv1',
  );
  await f.store.addNote(c.caseId, 'Team lead confirms the clerk had no claims work.', 'inv1');
  await f.store.setStatus(c.caseId, 'investigating', 'inv1');
  return exportEvidence(f.store, c.caseId, {
    actor: 'inv1',
    legalConfig: DEFAULT_LEGAL_CONFIG,
    signer: f.signer,
    publishers: [publisher],
    published: [{ source: file, read: () => publisher.readAll() }],
  });
}

function failures(r: EvidenceVerifyReport): string[] {
  return r.checks.filter((c) => !c.ok).map((c) => `${c.part}: ${c.message}`);
}

/** Verifies a modified copy and returns the failure lines. */
function tampered(
  bundle: EvidenceBundle,
  edit: (b: EvidenceBundle) => void,
  key?: string,
): string[] {
  const copy = JSON.parse(JSON.stringify(bundle)) as EvidenceBundle;
  edit(copy);
  const r = verifyEvidence(JSON.stringify(copy), key === undefined ? {} : { key });
  assert.equal(r.ok, false, 'verification must fail');
  return failures(r);
}

function flipBase64(b64: string, at = 10): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[at % bytes.length]! ^= 0x01;
  return bytes.toString('base64');
}

describeEachEngine('evidence bundles', (engine) => {
  test('export then verify offline; tampering with each part is named', async (t) => {
    const f = await openCaseFixture(engine, t);
    const { bundle, warnings } = await buildCase(f);
    assert.deepEqual(warnings, []);

    // Happy path.
    const report = verifyEvidence(JSON.stringify(bundle), { key: f.verifierKey });
    assert.deepEqual(failures(report), []);
    assert.ok(report.ok);
    assert.match(report.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.deepEqual(
      report.checks.map((c) => c.part),
      [
        'key',
        'checkpoint',
        'entries',
        'manifest',
        'custody',
        'consistency',
        'case',
        'items',
        'legal',
      ],
    );

    // Content: the suspect's 4 accesses (the other actor's is not there) and 5 case entries.
    assert.equal(bundle.entries.filter((e) => e.role === 'access').length, 4);
    assert.equal(bundle.entries.filter((e) => e.role === 'case').length, 5);
    assert.equal(bundle.log.consistency.length, 2);
    assert.ok(bundle.log.consistency[0]!.proof.length > 0);
    assert.equal(bundle.legal.customers, 5); // C1..C5; the denied C9 does not count
    assert.equal(bundle.legal.by_category.find((c) => c.category === 'transaction')!.records, 3);
    assert.equal(bundle.legal.by_category.find((c) => c.category === 'other')!.records, 2);
    assert.equal(bundle.manifest.log.verifier_key, f.verifierKey);
    assert.ok(!JSON.stringify(bundle).includes('13812345678'));

    const idx = bundle.entries[0]!.index;
    const cases: Array<[string, (b: EvidenceBundle) => void, RegExp[], string?]> = [
      [
        'an entry byte',
        (b) => {
          b.entries[0]!.entry = flipBase64(b.entries[0]!.entry);
        },
        [
          new RegExp(`^entry at index ${idx}: inclusion proof`),
          /^entries: does not match its SHA-256/,
        ],
      ],
      [
        'a proof hash',
        (b) => {
          const lines = b.log.proofs[0]!.split('\n');
          lines[2] = flipBase64(lines[2]!, 3);
          b.log.proofs[0] = lines.join('\n');
        },
        [new RegExp(`^entry at index ${idx}: inclusion proof does not verify`)],
      ],
      [
        'the checkpoint',
        (b) => {
          const [origin, size, ...rest] = b.log.checkpoint.split('\n');
          b.log.checkpoint = [origin, String(Number(size) + 1), ...rest].join('\n');
        },
        [/^checkpoint: signature/],
      ],
      [
        'a signature',
        (b) => {
          const lines = b.log.checkpoint.split('\n');
          const i = lines.findIndex((l) => l.startsWith('\u2014 '));
          const [dash, name, sig] = lines[i]!.split(' ');
          lines[i] = `${dash} ${name} ${flipBase64(sig!, 20)}`;
          b.log.checkpoint = lines.join('\n');
        },
        [/^checkpoint: signature: signature by known key .* does not verify/],
      ],
      [
        'the manifest',
        (b) => {
          b.manifest.created = '2020-01-01T00:00:00.000Z';
        },
        [/^manifest: its SHA-256 differs from the one the signed custody entry records/],
      ],
      [
        'a manifest part hash',
        (b) => {
          b.manifest.parts.items = '0'.repeat(64);
        },
        [/^items: does not match its SHA-256 in the manifest/, /^manifest: its SHA-256 differs/],
      ],
      [
        'a snapshot',
        (b) => {
          (
            b.items[1]!.snapshot as { suspects: Array<{ false_accusation_probability: number }> }
          ).suspects[0]!.false_accusation_probability = 0.2;
        },
        [
          /^items: item 2 \(trace T-1\): the snapshot does not match its SHA-256/,
          /^items: does not match its SHA-256 in the manifest/,
        ],
      ],
      [
        'a count',
        (b) => {
          b.legal.by_category.find((c) => c.category === 'transaction')!.records = 3000;
        },
        [
          /^legal: the counts differ .*transaction: bundle says 3000, entries give 3/,
          /^legal: does not match its SHA-256/,
        ],
      ],
      [
        'the legal mapping',
        (b) => {
          b.legal.config.obtained_in_duty = false;
        },
        [/^legal: the counts differ/],
      ],
      [
        'a consistency proof',
        (b) => {
          b.log.consistency[0]!.proof[0] = flipBase64(b.log.consistency[0]!.proof[0]!, 1);
        },
        [/^consistency\[0\] \(.*piguard\.checkpoints#1\): consistency proof does not verify/],
      ],
      [
        'a published checkpoint',
        (b) => {
          b.log.consistency[0]!.checkpoint = b.log.consistency[0]!.checkpoint.replace(
            /\n\d+\n/,
            '\n1\n',
          );
        },
        [/^consistency\[0\] .*: published checkpoint: signature by known key/],
      ],
      [
        'a note',
        (b) => {
          b.case.notes[0]!.text = 'Team lead says nothing.';
        },
        [
          /^case: note 1: the text differs from the audited one/,
          /^case: does not match its SHA-256/,
        ],
      ],
      [
        'the title',
        (b) => {
          b.case.title = 'Another title';
        },
        [/^case: the title differs from the audited one/],
      ],
      [
        'a history line',
        (b) => {
          b.case.history[4]!.actor = 'someone-else';
        },
        [/^case: history line 5 differs from the audit entry/],
      ],
      [
        'an access entry swapped for another actor’s',
        (b) => {
          b.entries = b.entries.filter((_, i) => i !== 0);
          b.log.proofs = b.log.proofs.filter((_, i) => i !== 0);
        },
        [/^entries: does not match its SHA-256/, /^legal: the counts differ/],
      ],
    ];
    for (const [what, edit, expected] of cases) {
      const lines = tampered(bundle, edit);
      for (const re of expected) {
        assert.ok(
          lines.some((l) => re.test(l)),
          `${what}: expected ${re} in:\n${lines.join('\n')}`,
        );
      }
    }

    // A pinned key that is not the log's.
    const other = generateSignerKey(f.origin).verifierKey;
    const lines = tampered(bundle, () => undefined, other);
    assert.ok(
      lines.some((l) => /^key: the bundle names another verifier key/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^checkpoint: signature/.test(l)),
      lines.join('\n'),
    );

    // A second export, of the closed case: the first custody entry is now history; a foreign
    // note in the checkpoints file is skipped with a warning.
    const file = join(f.database.tempDir, 'piguard.checkpoints');
    const foreign = generateSignerKey('other.example/log');
    const foreignNote = signNote(
      'other.example/log\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
      [signerFromKey(foreign.signerKey)],
    );
    // First in the file: the log refuses to sign past a foreign LATEST published note.
    writeFileSync(file, `${foreignNote}\n${readFileSync(file, 'utf8')}`);
    await f.store.setStatus(bundle.case.case_id, 'closed', 'inv1');
    const publisher = new FileCheckpointPublisher(file);
    const again = await exportEvidence(f.store, bundle.case.case_id, {
      actor: 'inv2',
      legalConfig: DEFAULT_LEGAL_CONFIG,
      signer: f.signer,
      publishers: [publisher],
      published: [{ source: file, read: () => publisher.readAll() }],
    });
    assert.equal(again.warnings.length, 1);
    assert.match(again.warnings[0]!, /piguard\.checkpoints#1: not a checkpoint of this log/);
    assert.equal(again.bundle.log.consistency.length, 3);
    assert.equal(again.bundle.case.status, 'closed');
    assert.ok(again.bundle.case.history.some((h) => h.change.what === 'evidence'));
    assert.deepEqual(
      failures(verifyEvidence(JSON.stringify(again.bundle), { key: f.verifierKey })),
      [],
    );

    assert.throws(() => verifyEvidence('{not json'), EvidenceUnreadableError);
    assert.throws(() => verifyEvidence('{"format":"other"}'), /not an evidence bundle/);
  });
});
