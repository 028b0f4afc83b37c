/**
 * Publishing signed checkpoints outside the database, so a rewritten database cannot hide behind
 * its own checkpoints: a local append-only file and/or an HTTP witness.
 *
 * File format (`piguard.checkpoints`): the signed notes one after another, each followed by one
 * empty line. A checkpoint note has no empty line inside its text or its signature block, so
 * the file splits unambiguously into (text, signatures) block pairs.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { PiguardError } from '../core/errors.ts';

/** Default checkpoints file, relative to the working directory. */
export const DEFAULT_CHECKPOINTS_FILE = './piguard.checkpoints';

/** One newly signed checkpoint as publishers receive it. */
export interface PublishedCheckpoint {
  /** The C2SP signed note, verbatim. */
  note: string;
  size: number;
  rootHash: Buffer;
}

/** Somewhere checkpoints go. */
export interface CheckpointPublisher {
  /** For messages: a file path or URL. */
  readonly target: string;
  publish(checkpoint: PublishedCheckpoint): Promise<void>;
  /** The most recently published note, if this publisher can read back (files can). */
  latest?(): Promise<string | undefined>;
}

/**
 * Splits a checkpoints file into its notes. Returns each note verbatim, or an Error for a block
 * that is not a note (e.g. a torn final write), in file order.
 *
 * @example
 * splitNotes(readFileSync('piguard.checkpoints', 'utf8')) // ['origin\n5\nroot\n\n— key sig\n', …]
 */
export function splitNotes(text: string): Array<string | Error> {
  const lines = text.split('\n');
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line === '') {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) blocks.push(current);
  const notes: Array<string | Error> = [];
  for (let i = 0; i < blocks.length; i++) {
    const body = blocks[i] ?? [];
    const sigs = blocks[i + 1];
    if (body[0]?.startsWith('\u2014 ') || !sigs || !sigs.every((l) => l.startsWith('\u2014 '))) {
      notes.push(new Error(`block ${notes.length + 1} is not a signed note`));
      continue;
    }
    notes.push(`${body.join('\n')}\n\n${sigs.join('\n')}\n`);
    i++;
  }
  return notes;
}

/**
 * Appends each checkpoint to a local file (fsync'd), e.g. on storage the database admin cannot
 * rewrite, or a file that is shipped elsewhere.
 *
 * @example
 * const publisher = new FileCheckpointPublisher('./piguard.checkpoints');
 */
export class FileCheckpointPublisher implements CheckpointPublisher {
  readonly target: string;

  constructor(path: string = DEFAULT_CHECKPOINTS_FILE) {
    this.target = path;
  }

  async publish(checkpoint: PublishedCheckpoint): Promise<void> {
    const fd = openSync(this.target, 'a', 0o644);
    try {
      writeSync(fd, `${checkpoint.note}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Every note in the file (or Errors for unreadable blocks); [] when the file does not exist. */
  readAll(): Array<string | Error> {
    return existsSync(this.target) ? splitNotes(readFileSync(this.target, 'utf8')) : [];
  }

  async latest(): Promise<string | undefined> {
    const notes = this.readAll().filter((n): n is string => typeof n === 'string');
    return notes[notes.length - 1];
  }
}

/**
 * POSTs each signed note (text/plain; charset=utf-8) to a witness or collector URL. Any non-2xx
 * answer or network error fails the publish.
 *
 * @example
 * const publisher = new HttpCheckpointPublisher('https://witness.example/checkpoints');
 */
export class HttpCheckpointPublisher implements CheckpointPublisher {
  readonly target: string;
  readonly #timeoutMs: number;

  constructor(url: string, options: { timeoutMs?: number } = {}) {
    this.target = url;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async publish(checkpoint: PublishedCheckpoint): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.target, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: checkpoint.note,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (err) {
      throw new PiguardError(
        `publishing checkpoint to ${this.target} failed: ${(err as Error).message}`,
      );
    }
    // Drain the body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) {
      throw new PiguardError(
        `publishing checkpoint to ${this.target} failed: HTTP ${response.status}`,
      );
    }
  }
}
