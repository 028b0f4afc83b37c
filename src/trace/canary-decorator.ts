/**
 * The canary export decorator (DESIGN §4.6): every export gets canary rows — synthetic
 * customers built on trap identities from the pool, minted fresh for this export, so the set of
 * canaries in it is unique to it — at random row positions, more for larger exports. Canary
 * rows are rendered like the real rows around them (same columns, same masking), and recorded
 * in `export_canaries` with their final row numbers; they are never in `export_rows` (that is
 * the set of real customers) and never in `customers`.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  maskAddress,
  maskBirthDate,
  maskEmail,
  maskName,
  maskPhone,
  maskResidentId,
  REDACTED,
} from '../protect/masking.ts';
import type { BlindIndex } from '../protect/blind-index.ts';
import type { Schema } from '../store/schema.ts';
import type { ExportContext, ExportDecorator, ExportRow } from '../vault/export-decorator.ts';
import {
  cryptoRandomInt,
  syntheticIdentity,
  type RandomInt,
  type SyntheticIdentity,
} from './synthetic-identity.ts';

/** Most canaries in one export. */
export const MAX_CANARIES_PER_EXPORT = 200;

/**
 * Canaries for an export of `rows` real rows: one for a tiny export, then one more per 500 rows
 * (2 at 50 rows, 101 at 50,000), capped.
 *
 * @example
 * canaryCountFor(50_000) // 101
 */
export function canaryCountFor(rows: number): number {
  if (rows <= 0) return 0;
  if (rows < 20) return 1;
  return Math.min(MAX_CANARIES_PER_EXPORT, 1 + Math.ceil(rows / 500));
}

/** A minted canary. */
export interface MintedCanary extends SyntheticIdentity {
  canaryId: string;
  identity: string;
  kind: 'phone' | 'email';
}

/**
 * Mints `count` canaries on trap identities from the pool (preferring `kind`), checking each
 * synthetic ID number and name + birth date against the vault's blind index and drawing again
 * on a collision with a real customer. Inserts them and their blind indexes.
 *
 * @example
 * const canaries = await mintCanaries(trx, blindIndex, 3, 'phone');
 */
export async function mintCanaries(
  trx: Kysely<Schema>,
  blindIndex: BlindIndex,
  count: number,
  prefer: 'phone' | 'email',
  options: { rnd?: RandomInt; now?: Date } = {},
): Promise<MintedCanary[]> {
  const rnd = options.rnd ?? cryptoRandomInt;
  const pool = await trx
    .selectFrom('canary_pool')
    .select(['identity', 'kind'])
    .where('retired_at', 'is', null)
    .orderBy('identity')
    .execute();
  const preferred = pool.filter((p) => p.kind === prefer);
  const usable = preferred.length > 0 ? preferred : pool;
  if (usable.length === 0 || count <= 0) return [];
  const ts = (options.now ?? new Date()).toISOString();
  const out: MintedCanary[] = [];
  for (let i = 0; i < count; i++) {
    const trap = usable[rnd(usable.length)]!;
    let person = syntheticIdentity(rnd);
    for (let attempt = 0; attempt < 10; attempt++) {
      if (!(await collides(trx, blindIndex, person))) break;
      person = syntheticIdentity(rnd);
    }
    const canary: MintedCanary = {
      ...person,
      canaryId: `K${randomBytes(8).toString('hex')}`,
      identity: trap.identity,
      kind: trap.kind === 'email' ? 'email' : 'phone',
    };
    await trx
      .insertInto('canaries')
      .values({
        canary_id: canary.canaryId,
        identity: canary.identity,
        kind: canary.kind,
        name: canary.name,
        birth_date: canary.birthDate,
        id_number: canary.idNumber,
        address: canary.address,
        phone: canary.kind === 'phone' ? canary.identity : null,
        email: canary.kind === 'email' ? canary.identity : null,
        created_at: ts,
      })
      .execute();
    const digests: Schema['canary_index'][] = [
      {
        kind: 'id_number',
        digest: blindIndex.compute('id_number', canary.idNumber),
        canary_id: canary.canaryId,
      },
      {
        kind: 'name_birth_date',
        digest: blindIndex.blindIndexFor('name_birth_date', {
          name: canary.name,
          birthDate: canary.birthDate,
        }),
        canary_id: canary.canaryId,
      },
      {
        kind: canary.kind,
        digest: blindIndex.compute(canary.kind, canary.identity),
        canary_id: canary.canaryId,
      },
    ];
    await trx.insertInto('canary_index').values(digests).execute();
    out.push(canary);
  }
  return out;
}

async function collides(
  trx: Kysely<Schema>,
  index: BlindIndex,
  p: SyntheticIdentity,
): Promise<boolean> {
  const hit = await trx
    .selectFrom('customer_index')
    .select('customer_id')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('kind', '=', 'id_number'),
          eb('digest', '=', index.compute('id_number', p.idNumber)),
        ]),
        eb.and([
          eb('kind', '=', 'name_birth_date'),
          eb(
            'digest',
            '=',
            index.blindIndexFor('name_birth_date', { name: p.name, birthDate: p.birthDate }),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return hit !== undefined;
}

type CellStyle = 'plain' | 'masked' | 'hashed' | 'redacted' | 'empty';

/** How real rows render a column: canary cells must look the same. */
function styleOf(rows: readonly ExportRow[], column: string): CellStyle {
  const counts = new Map<CellStyle, number>();
  for (const r of rows.slice(0, 200)) {
    const v = r.cells[column] ?? '';
    const s: CellStyle =
      v === ''
        ? 'empty'
        : v === REDACTED
          ? 'redacted'
          : v.includes('*')
            ? 'masked'
            : /^[0-9a-f]{16,}$/.test(v)
              ? 'hashed'
              : 'plain';
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  let best: CellStyle = 'plain';
  let n = -1;
  for (const [s, c] of counts) if (c > n) [best, n] = [s, c];
  return best;
}

const MASKS: Record<string, (v: string) => string> = {
  name: maskName,
  phone: maskPhone,
  id_number: maskResidentId,
  address: maskAddress,
  birth_date: maskBirthDate,
  email: maskEmail,
};

function canaryCell(
  canary: MintedCanary,
  column: string,
  style: CellStyle,
  template: ExportRow | undefined,
  rnd: RandomInt,
): string {
  const value: string | undefined = {
    name: canary.name,
    birth_date: canary.birthDate,
    phone: canary.kind === 'phone' ? canary.identity : '',
    id_number: canary.idNumber,
    address: canary.address,
    email: canary.kind === 'email' ? canary.identity : '',
  }[column];
  if (column === 'customer_id') {
    // Looks like its neighbours' ids: same shape, fresh digits.
    const shape = template?.cells[column] ?? 'C0000000';
    return shape.replace(/[0-9]/g, () => String(rnd(10)));
  }
  if (value === undefined) return template?.cells[column] ?? '';
  switch (style) {
    case 'empty':
      return '';
    case 'redacted':
      return REDACTED;
    case 'masked':
      return value === '' ? '' : (MASKS[column]?.(value) ?? value);
    case 'hashed': {
      const len = template?.cells[column]?.length ?? 16;
      return randomBytes(Math.ceil(len / 2))
        .toString('hex')
        .slice(0, len);
    }
    default:
      return value;
  }
}

/** Options of {@link CanaryDecorator}. */
export interface CanaryDecoratorOptions {
  /** The vault's blind index for the transaction's database. */
  blindIndexFor(trx: Kysely<Schema>): Promise<BlindIndex>;
  rnd?: RandomInt;
  now?: () => Date;
}

/**
 * @example
 * registerExportDecorator(new CanaryDecorator({ blindIndexFor: async () => vault.blindIndex }));
 */
export class CanaryDecorator implements ExportDecorator {
  readonly name = 'canaries';
  readonly #options: CanaryDecoratorOptions;

  constructor(options: CanaryDecoratorOptions) {
    this.#options = options;
  }

  async decorate(context: ExportContext): Promise<{ columns: string[]; rows: ExportRow[] }> {
    const { trx, columns, rows, exportId } = context;
    const count = canaryCountFor(rows.length);
    if (count === 0) return { columns, rows };
    const rnd = this.#options.rnd ?? cryptoRandomInt;
    const blindIndex = await this.#options.blindIndexFor(trx);
    const prefer = columns.includes('phone') || !columns.includes('email') ? 'phone' : 'email';
    const canaries = await mintCanaries(trx, blindIndex, count, prefer, {
      rnd,
      now: (this.#options.now ?? (() => new Date()))(),
    });
    if (canaries.length === 0) return { columns, rows }; // empty pool: nothing to seed
    const styles = new Map(columns.map((c) => [c, styleOf(rows, c)]));
    const total = rows.length + canaries.length;
    // Distinct random positions in the final file.
    const positions = new Set<number>();
    while (positions.size < canaries.length) positions.add(rnd(total));
    const sorted = [...positions].sort((a, b) => a - b);
    const out: ExportRow[] = [];
    let next = 0;
    let c = 0;
    for (let i = 0; i < total; i++) {
      if (sorted[c] === i) {
        const canary = canaries[c]!;
        const template = rows.length > 0 ? rows[rnd(rows.length)] : undefined;
        const cells: Record<string, string> = {};
        for (const col of columns)
          cells[col] = canaryCell(canary, col, styles.get(col)!, template, rnd);
        out.push({ customerId: null, cells });
        c++;
      } else out.push(rows[next++]!);
    }
    await trx
      .insertInto('export_canaries')
      .values(
        canaries.map((k, i) => ({
          export_id: exportId,
          canary_id: k.canaryId,
          row_no: sorted[i]! + 1,
        })),
      )
      .execute();
    return { columns, rows: out };
  }
}
