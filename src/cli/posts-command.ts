/**
 * `piguard posts classify FILE [--report FILE]` (DESIGN §5.2): JSONL posts in, one JSONL record
 * per post out, and optionally a takedown report (Markdown, or JSON when the file ends in .json).
 *
 * The whole input is parsed before anything is written, so a bad line leaves no partial output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../core/errors.ts';
import { monitorPost, toPostRecord, type PostInput } from '../monitor/post-monitor.ts';
import { buildTakedownReport, renderTakedownMarkdown } from '../monitor/takedown-report.ts';

/**
 * Parses JSONL posts `{"id","text"}`; numeric ids are accepted and kept as strings.
 * Blank lines are skipped. Errors name the file and line, never the post's text.
 *
 * @example
 * parsePostsJsonl('{"id":"1","text":"hi"}\n', 'posts.jsonl') // [{ id: '1', text: 'hi' }]
 */
export function parsePostsJsonl(content: string, file: string): PostInput[] {
  const posts: PostInput[] = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    const where = { file, line: i + 1 };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError('not valid JSON', where);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError('expected a JSON object {"id","text"}', where);
    }
    const { id, text } = value as Record<string, unknown>;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new InputError('"id" must be a string or a number', where);
    }
    if (typeof text !== 'string') throw new InputError('"text" must be a string', where);
    posts.push({ id: String(id), text });
  }
  return posts;
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(`cannot read (${code})`, { file });
  }
}

/**
 * Registers `posts classify`.
 *
 * @example
 * registerPostsCommand(program); // piguard posts classify posts.jsonl --report takedown.md
 */
export function registerPostsCommand(program: Command): void {
  const posts = program.command('posts').description('monitor posts that trade personal data');
  posts
    .command('classify')
    .description('classify JSONL posts {"id","text"} (- = stdin); prints one JSONL record per post')
    .argument('<file>', 'JSONL file of posts, or - for stdin')
    .option('--report <file>', 'also write a takedown report (.json = JSON, otherwise Markdown)')
    .option('--scan-all', 'look for PI samples in every post, not only flagged ones')
    .option('--deep-samples', 'always look for names and addresses in samples (slower)')
    .action((file: string, opts: { report?: string; scanAll?: boolean; deepSamples?: boolean }) => {
      const name = file === '-' ? '<stdin>' : file;
      const inputs = parsePostsJsonl(readInput(file), name);
      const results = inputs.map((p) =>
        monitorPost(p, {
          scanAll: opts.scanAll === true,
          deep: opts.deepSamples ? 'always' : 'auto',
        }),
      );
      if (opts.report !== undefined) {
        const report = buildTakedownReport(results);
        const body = opts.report.toLowerCase().endsWith('.json')
          ? `${JSON.stringify(report, null, 2)}\n`
          : renderTakedownMarkdown(report);
        writeFileSync(opts.report, body);
      }
      const out = results.map((r) => JSON.stringify(toPostRecord(r))).join('\n');
      process.stdout.write(out.length > 0 ? `${out}\n` : '');
    });
}
