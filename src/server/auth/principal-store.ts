/**
 * People and systems that act through piguard (the `principals` table): their kind, the staff id
 * a person acts as in the gateway, their rights, and (for people) an argon2id password hash.
 * Used by the server (login, `/principals` routes) and the CLI (`piguard users`, `init`).
 */
import type { Kysely } from 'kysely';
import { ConflictError, InputError, NotFoundError } from '../../core/errors.ts';
import { isRight, type Right } from '../../core/rights.ts';
import type { Schema } from '../../store/schema.ts';
import type { Principal } from '../route-context.ts';
import { MIN_PASSWORD_LENGTH, hashPassword } from './password-hasher.ts';

/** A principal as stored, without its password hash. */
export interface PrincipalRecord extends Principal {
  createdAt: string;
  disabledAt: string | null;
  hasPassword: boolean;
}

/** Principal ids: short, printable, no spaces (they appear in audit entries and URLs). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * Parses a comma-separated or array list of rights; unknown names are an InputError.
 *
 * @example
 * parseRights('read,export'); // ['read', 'export']
 */
export function parseRights(list: string | readonly string[]): Right[] {
  const items = (typeof list === 'string' ? list.split(',') : [...list])
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const rights: Right[] = [];
  for (const item of items) {
    if (!isRight(item)) throw new InputError(`unknown right "${item}"`);
    if (!rights.includes(item)) rights.push(item);
  }
  return rights;
}

/**
 * Checks a principal id; throws InputError when it is not usable.
 *
 * @example
 * checkPrincipalId('alice'); // ok
 */
export function checkPrincipalId(id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new InputError(
      'principal id must be 1-64 characters: letters, digits, ".", "_", "@", "-" (not first)',
    );
  }
}

function decodeRights(json: string): Right[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((r): r is Right => isRight(String(r))) : [];
  } catch {
    return [];
  }
}

function toRecord(row: Schema['principals']): PrincipalRecord {
  return {
    id: row.principal_id,
    kind: row.kind === 'system' ? 'system' : 'person',
    staffId: row.staff_id,
    rights: decodeRights(row.rights),
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    hasPassword: row.password_hash !== null,
  };
}

/**
 * @example
 * const principals = new PrincipalStore(db, () => new Date());
 * await principals.add({ id: 'alice', kind: 'person', staffId: 'S001', rights: ['read'] }, 'a long password');
 */
export class PrincipalStore {
  readonly #db: Kysely<Schema>;
  readonly #now: () => Date;
  /** Called after any change that can end a credential (the authenticator drops its cache). */
  onChange: () => void = () => undefined;

  constructor(db: Kysely<Schema>, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  /** Creates a principal; ConflictError if the id exists. */
  async add(
    p: { id: string; kind: 'person' | 'system'; staffId?: string | null; rights: readonly Right[] },
    password?: string,
  ): Promise<PrincipalRecord> {
    checkPrincipalId(p.id);
    const passwordHash =
      password === undefined ? null : await hashPassword(checkPassword(password));
    if (await this.get(p.id)) throw new ConflictError(`principal ${p.id} already exists`);
    const row: Schema['principals'] = {
      principal_id: p.id,
      kind: p.kind,
      staff_id: p.staffId ?? null,
      password_hash: passwordHash,
      rights: JSON.stringify([...p.rights]),
      created_at: this.#now().toISOString(),
      disabled_at: null,
    };
    try {
      await this.#db.insertInto('principals').values(row).execute();
    } catch (err) {
      // Lost a race with another insert of the same id.
      if (await this.get(p.id)) throw new ConflictError(`principal ${p.id} already exists`);
      throw err;
    }
    return toRecord(row);
  }

  /** The principal, or undefined. */
  async get(id: string): Promise<PrincipalRecord | undefined> {
    const row = await this.#db
      .selectFrom('principals')
      .selectAll()
      .where('principal_id', '=', id)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** The stored password hash of an enabled person, or undefined (login uses this). */
  async passwordHash(id: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('principals')
      .select(['password_hash', 'disabled_at'])
      .where('principal_id', '=', id)
      .executeTakeFirst();
    if (!row || row.disabled_at !== null || row.password_hash === null) return undefined;
    return row.password_hash;
  }

  /** Every principal, by id. */
  async list(): Promise<PrincipalRecord[]> {
    const rows = await this.#db
      .selectFrom('principals')
      .selectAll()
      .orderBy('principal_id')
      .execute();
    return rows.map(toRecord);
  }

  /** Changes rights, staff id or password; NotFoundError when absent. */
  async update(
    id: string,
    change: {
      rights?: readonly Right[];
      staffId?: string | null;
      password?: string;
      disabled?: boolean;
    },
  ): Promise<PrincipalRecord> {
    const values: Partial<Schema['principals']> = {};
    if (change.rights !== undefined) values.rights = JSON.stringify([...change.rights]);
    if (change.staffId !== undefined) values.staff_id = change.staffId;
    if (change.password !== undefined)
      values.password_hash = await hashPassword(checkPassword(change.password));
    if (change.disabled !== undefined)
      values.disabled_at = change.disabled ? this.#now().toISOString() : null;
    if (Object.keys(values).length > 0) {
      const result = await this.#db
        .updateTable('principals')
        .set(values)
        .where('principal_id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new NotFoundError(`no principal ${id}`);
    }
    this.onChange();
    const record = await this.get(id);
    if (!record) throw new NotFoundError(`no principal ${id}`);
    return record;
  }
}

function checkPassword(password: string): string {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new InputError(`password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return password;
}
