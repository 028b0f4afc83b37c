/**
 * Errors that carry their own exit code, so that the CLI maps every failure in one place
 * (DESIGN §5.2: 2 for usage and input errors, 1 for everything else).
 *
 * Messages must never contain plaintext personal data (invariant 2): callers pass customer ids
 * or masked values only.
 */

/** Base class for failures piguard expects and can explain in one line. */
export class PiguardError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;

  constructor(message: string, exitCode = 1, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/**
 * Bad input from a person or a file: wrong option, missing file, malformed row.
 *
 * @example
 * throw new InputError('row 12: birth date "1990-13-01" is not a date', { file: 'customers.csv', line: 12 });
 * // message: "customers.csv:12: row 12: birth date ... is not a date"
 */
export class InputError extends PiguardError {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(
    problem: string,
    where: { file?: string; line?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(InputError.format(problem, where), 2, options);
    this.file = where.file;
    this.line = where.line;
  }

  /** `FILE:LINE: problem`, `FILE: problem` or just `problem`. */
  static format(problem: string, where: { file?: string; line?: number }): string {
    if (where.file === undefined) return problem;
    return where.line === undefined
      ? `${where.file}: ${problem}`
      : `${where.file}:${where.line}: ${problem}`;
  }
}

/** Usage error: unknown option, missing argument, contradictory flags. Exit code 2. */
export class UsageError extends PiguardError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Returns the exit code for any thrown value: a PiguardError's own, 1 for anything else. */
export function exitCodeOf(err: unknown): number {
  return err instanceof PiguardError ? err.exitCode : 1;
}

/**
 * A request refused by policy or rights: the CLI exits 1, the API answers 403. The refusal itself
 * is audited by whoever throws this (the gateway, the server's authorisation hook).
 *
 * @example
 * throw new AccessDeniedError('purpose "marketing" is not allowed for role qc');
 */
export class AccessDeniedError extends PiguardError {
  /** Machine-readable reason: `no-right`, `no-policy`, `out-of-scope`, `quota`, `export-forbidden`, … */
  readonly reason: string;

  constructor(message: string, reason = 'denied') {
    super(message, 1);
    this.reason = reason;
  }
}

/** Something named does not exist (customer, export, case). The API answers 404. */
export class NotFoundError extends PiguardError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** The request conflicts with the current state (export already decided, case closed). 409. */
export class ConflictError extends PiguardError {
  constructor(message: string) {
    super(message, 1);
  }
}
