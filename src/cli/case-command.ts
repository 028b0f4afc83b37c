/**
 * `piguard case …` (DESIGN §5.2, §4.7): open, list, show, add items, note, status, assign, and
 * render the case report and the breach-notification draft (HTML or PDF, zh-CN or en by --lang).
 * Every change is audited by the case store in the same transaction as the change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { AuditLog } from '../audit/audit-log.ts';
import { InputError, PiguardError, UsageError } from '../core/errors.ts';
import type { CaseItemInput, CaseItemKind, CaseRecord } from '../cases/case-model.ts';
import { CaseStore } from '../cases/case-store.ts';
import { DEFAULT_LEGAL_CONFIG, loadLegalConfig } from '../cases/legal-categories.ts';
import type { ReportSource } from '../cases/report-source.ts';
import type { Database } from '../store/open-database.ts';
import { globalOptions } from './global-options.ts';

/**
 * Who the CLI acts as, unless --as says: $PIGUARD_ACTOR, else the OS user.
 *
 * @example
 * defaultActor({ PIGUARD_ACTOR: 'inv1' }) // 'inv1'
 */
export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  if (env['PIGUARD_ACTOR']) return env['PIGUARD_ACTOR'];
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

/**
 * Opens the database and a case store for one command.
 *
 * @example
 * await withCases(cmd, async (store) => store.list());
 */
export async function withCases<T>(
  cmd: Command,
  run: (store: CaseStore, database: Database) => Promise<T>,
): Promise<T> {
  const { openDatabase } = await import('../store/open-database.ts');
  const database = await openDatabase(globalOptions(cmd).dbUrl);
  const log = new AuditLog(database);
  try {
    try {
      await log.size();
    } catch (err) {
      if (err instanceof PiguardError) throw err;
      throw new PiguardError(
        `the database is not initialised (${(err as Error).message}); run \`piguard init\``,
      );
    }
    return await run(new CaseStore(log, database.engine), database);
  } finally {
    await log.close();
    await database.close();
  }
}

/**
 * Reads a file (or stdin for `-`); InputError naming the file otherwise.
 *
 * @example
 * readInputFile('alerts.jsonl')
 */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      file: file === '-' ? '<stdin>' : file,
    });
  }
}

function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

function caseLine(c: CaseRecord): string {
  return [c.caseId, c.status, c.suspect, c.assignee ?? '-', c.updatedAt, oneLine(c.title)].join(
    '\t',
  );
}

function parseFormat<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option} ${value}: expected ${allowed.join(' or ')}`);
  }
  return value as T;
}

async function writeRendered(out: string, htmlText: string, format: 'html' | 'pdf'): Promise<void> {
  if (format === 'html') {
    writeFileSync(out, htmlText);
    return;
  }
  const { renderPdf } = await import('../cases/pdf-renderer.ts');
  writeFileSync(out, await renderPdf(htmlText));
}

/** Item options of `case add`: file options and id options, by kind. */
const FILE_OPTIONS: Array<[string, CaseItemKind]> = [
  ['alert', 'alert'],
  ['trace', 'trace'],
  ['complaint', 'complaint'],
  ['canary', 'canary_hit'],
  ['document', 'note'],
];
const ID_OPTIONS: Array<[string, CaseItemKind]> = [
  ['alertId', 'alert'],
  ['traceId', 'trace'],
  ['complaintId', 'complaint'],
  ['canaryHitId', 'canary_hit'],
];

/**
 * @example
 * registerCaseCommand(program); // piguard case open|list|show|add|note|status|assign|report|notify
 */
export function registerCaseCommand(program: Command): void {
  const kase = program
    .command('case')
    .description('cases: gather alerts, traces, complaints and canary hits about a suspect');

  kase
    .command('open')
    .description('open a case about a suspect (staff id); prints the case id')
    .requiredOption('--suspect <actor>', 'staff id the case is about')
    .requiredOption('--title <text>', 'short title')
    .option('--assignee <id>', 'investigator the case is assigned to')
    .option('--as <actor>', 'who opens it (default $PIGUARD_ACTOR or the OS user)')
    .action(
      async (
        opts: { suspect: string; title: string; assignee?: string; as?: string },
        cmd: Command,
      ) => {
        await withCases(cmd, async (store) => {
          const c = await store.openCase({
            suspect: opts.suspect,
            title: opts.title,
            actor: opts.as ?? defaultActor(),
            ...(opts.assignee ? { assignee: opts.assignee } : {}),
          });
          process.stdout.write(`${c.caseId}\n`);
        });
      },
    );

  kase
    .command('list')
    .description(
      'cases, newest first (tab-separated: id, status, suspect, assignee, updated, title)',
    )
    .option('--status <status>', 'only cases with this status')
    .option('--suspect <actor>', 'only cases about this suspect')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { status?: string; suspect?: string; format: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, '--format');
      await withCases(cmd, async (store) => {
        const { isCaseStatus } = await import('../cases/case-model.ts');
        if (opts.status !== undefined && !isCaseStatus(opts.status)) {
          throw new UsageError(`--status ${opts.status}: open, investigating, referred or closed`);
        }
        const cases = await store.list({
          ...(opts.status ? { status: opts.status as CaseRecord['status'] } : {}),
          ...(opts.suspect ? { suspect: opts.suspect } : {}),
        });
        if (format === 'json') process.stdout.write(`${JSON.stringify(cases, null, 2)}\n`);
        else for (const c of cases) process.stdout.write(`${caseLine(c)}\n`);
      });
    });

  kase
    .command('show')
    .description('one case with its items, notes and history')
    .argument('<case>', 'case id')
    .option('--format <format>', 'table or json', 'table')
    .action(async (caseId: string, opts: { format: string }, cmd: Command) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, '--format');
      await withCases(cmd, async (store) => {
        const d = await store.get(caseId);
        if (format === 'json') {
          process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
          return;
        }
        const lines = [
          `${d.caseId}  ${d.status}  suspect ${d.suspect}  assignee ${d.assignee ?? '-'}`,
          `title: ${oneLine(d.title)}`,
          `opened ${d.createdAt} by ${d.createdBy}`,
          `items (${d.items.length}):`,
          ...d.items.map(
            (i) => `  ${i.itemNo}. ${i.kind} ${i.ref}  ${i.attachedAt} ${i.attachedBy}`,
          ),
          `notes (${d.notes.length}):`,
          ...d.notes.map((n) => `  ${n.noteNo}. ${n.createdAt} ${n.author}: ${oneLine(n.text)}`),
          `history (${d.history.length}):`,
          ...d.history.map(
            (h) =>
              `  ${h.seq}. ${h.ts} ${h.actor} ${JSON.stringify(h.change)} [entry ${h.auditIdx}]`,
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });

  kase
    .command('add')
    .description(
      'attach items: JSON or JSON-lines files (- = stdin), or rows of the alerts/traces/complaints/canary_hits tables by id; all or nothing',
    )
    .argument('<case>', 'case id')
    .option('--alert <file>', 'alert(s) as `watch --format jsonl` prints them (DESIGN §5.4)')
    .option('--trace <file>', 'a trace result as `trace --format json` prints it (DESIGN §5.5)')
    .option('--complaint <file>', 'complaint(s) (DESIGN §5.3); phones are masked, text withheld')
    .option('--canary <file>', 'canary hit record(s)')
    .option('--document <file>', 'any other JSON document')
    .option('--alert-id <id>', 'an alert from the alerts table')
    .option('--trace-id <id>', 'a trace from the traces table')
    .option('--complaint-id <id>', 'a complaint from the complaints table')
    .option('--canary-hit-id <id>', 'a canary hit from the canary_hits table')
    .option('--ref <ref>', 'the item reference (default: its id, or a hash of its content)')
    .option('--as <actor>', 'who attaches (default $PIGUARD_ACTOR or the OS user)')
    .action(async (caseId: string, opts: Record<string, string | undefined>, cmd: Command) => {
      const files = FILE_OPTIONS.filter(([o]) => opts[o] !== undefined);
      const ids = ID_OPTIONS.filter(([o]) => opts[o] !== undefined);
      if (files.length + ids.length !== 1) {
        throw new UsageError(
          'give exactly one of --alert, --trace, --complaint, --canary, --document, --alert-id, --trace-id, --complaint-id, --canary-hit-id',
        );
      }
      const { itemsFromFile, itemFromTable } = await import('../cases/item-sources.ts');
      let items: CaseItemInput[] = [];
      if (files.length === 1) {
        const [option, kind] = files[0]!;
        const file = opts[option]!;
        items = itemsFromFile(
          kind,
          readInputFile(file),
          file === '-' ? '<stdin>' : file,
          opts['ref'],
        );
      }
      await withCases(cmd, async (store, database) => {
        if (ids.length === 1) {
          const [option, kind] = ids[0]!;
          const item = await itemFromTable(database.db, kind, opts[option]!);
          items = [opts['ref'] ? { ...item, ref: opts['ref'] } : item];
        }
        const added = await store.attachItems(caseId, items, opts['as'] ?? defaultActor());
        for (const i of added)
          process.stdout.write(`${caseId} item ${i.itemNo}: ${i.kind} ${i.ref}\n`);
      });
    });

  kase
    .command('note')
    .description('add a note (its text stays in the database; the log records its hash)')
    .argument('<case>', 'case id')
    .argument('<text>', 'the note, or @FILE to read it from a file')
    .option('--as <actor>', 'author (default $PIGUARD_ACTOR or the OS user)')
    .action(async (caseId: string, text: string, opts: { as?: string }, cmd: Command) => {
      const body = text.startsWith('@') ? readInputFile(text.slice(1)) : text;
      await withCases(cmd, async (store) => {
        const n = await store.addNote(caseId, body, opts.as ?? defaultActor());
        process.stdout.write(`${caseId} note ${n.noteNo}\n`);
      });
    });

  kase
    .command('status')
    .description('move the case: open → investigating → referred, or → closed')
    .argument('<case>', 'case id')
    .argument('<status>', 'investigating, referred or closed')
    .option('--as <actor>', 'who moves it (default $PIGUARD_ACTOR or the OS user)')
    .action(async (caseId: string, status: string, opts: { as?: string }, cmd: Command) => {
      await withCases(cmd, async (store) => {
        const c = await store.setStatus(caseId, status, opts.as ?? defaultActor());
        process.stdout.write(`${c.caseId} ${c.status}\n`);
      });
    });

  kase
    .command('assign')
    .description('assign the case to an investigator (--none to unassign)')
    .argument('<case>', 'case id')
    .argument('[assignee]', 'investigator id')
    .option('--none', 'unassign')
    .option('--as <actor>', 'who assigns (default $PIGUARD_ACTOR or the OS user)')
    .action(
      async (
        caseId: string,
        assignee: string | undefined,
        opts: { none?: boolean; as?: string },
        cmd: Command,
      ) => {
        if ((assignee === undefined) === (opts.none !== true)) {
          throw new UsageError('give an assignee or --none');
        }
        await withCases(cmd, async (store) => {
          const c = await store.setAssignee(caseId, assignee ?? null, opts.as ?? defaultActor());
          process.stdout.write(`${c.caseId} assigned to ${c.assignee ?? 'nobody'}\n`);
        });
      },
    );

  kase
    .command('report')
    .description(
      'printable case report (HTML or PDF through Chromium) in --lang; from the database, or from an evidence bundle',
    )
    .argument('<case>', 'case id (ignored with --bundle)')
    .requiredOption('--out <file>', 'output file')
    .option('--format <format>', 'html or pdf (default: from --out, else html)')
    .option('--bundle <file>', 'render from this evidence bundle instead of the database')
    .option('--mapping <file>', 'legal category mapping (YAML/JSON), as for evidence export')
    .action(
      async (
        caseId: string,
        opts: { out: string; format?: string; bundle?: string; mapping?: string },
        cmd: Command,
      ) => {
        const format = parseFormat(
          opts.format ?? (opts.out.toLowerCase().endsWith('.pdf') ? 'pdf' : 'html'),
          ['html', 'pdf'] as const,
          '--format',
        );
        const { lang } = globalOptions(cmd);
        const { renderCaseReport } = await import('../cases/case-report.ts');
        const source = await reportSource(cmd, caseId, opts);
        await writeRendered(opts.out, renderCaseReport(source, lang), format);
      },
    );

  kase
    .command('notify')
    .description('breach-notification draft (PIPL art. 57) in --lang: HTML, PDF or JSON')
    .argument('<case>', 'case id (ignored with --bundle)')
    .requiredOption('--out <file>', 'output file')
    .option('--format <format>', 'html, pdf or json (default: from --out, else html)')
    .option('--bundle <file>', 'draft from this evidence bundle instead of the database')
    .option('--mapping <file>', 'legal category mapping (YAML/JSON)')
    .option('--cause <text>', 'the cause, in the notice’s words')
    .option('--remedy <text...>', 'remedial steps taken (repeatable; default: standard steps)')
    .option('--advice <text...>', 'what individuals can do (repeatable; default: standard advice)')
    .option('--contact <text>', 'contact of the personal information protection officer')
    .action(
      async (
        caseId: string,
        opts: {
          out: string;
          format?: string;
          bundle?: string;
          mapping?: string;
          cause?: string;
          remedy?: string[];
          advice?: string[];
          contact?: string;
        },
        cmd: Command,
      ) => {
        const lower = opts.out.toLowerCase();
        const format = parseFormat(
          opts.format ??
            (lower.endsWith('.pdf') ? 'pdf' : lower.endsWith('.json') ? 'json' : 'html'),
          ['html', 'pdf', 'json'] as const,
          '--format',
        );
        const { lang } = globalOptions(cmd);
        const { notificationDraft, renderNotification } =
          await import('../cases/breach-notification.ts');
        const source = await reportSource(cmd, caseId, opts);
        const options = {
          ...(opts.cause ? { cause: opts.cause } : {}),
          ...(opts.remedy ? { remedies: opts.remedy } : {}),
          ...(opts.advice ? { advice: opts.advice } : {}),
          ...(opts.contact ? { contact: opts.contact } : {}),
        };
        if (format === 'json') {
          writeFileSync(
            opts.out,
            `${JSON.stringify(notificationDraft(source, lang, options), null, 2)}\n`,
          );
        } else await writeRendered(opts.out, renderNotification(source, lang, options), format);
      },
    );
}

/** The report source: from a bundle file, or from the database. */
async function reportSource(
  cmd: Command,
  caseId: string,
  opts: { bundle?: string; mapping?: string },
): Promise<ReportSource> {
  const { reportSourceFromBundle, reportSourceFromFacts } =
    await import('../cases/report-source.ts');
  const { toolVersion } = await import('../cases/evidence-export.ts');
  if (opts.bundle !== undefined) {
    const { parseEvidenceBundle } = await import('../cases/evidence-verify.ts');
    return reportSourceFromBundle(
      parseEvidenceBundle(readInputFile(opts.bundle)),
      toolVersion(),
      new Date(),
    );
  }
  const config = opts.mapping ? loadLegalConfig(opts.mapping) : DEFAULT_LEGAL_CONFIG;
  const { collectCaseFacts } = await import('../cases/case-facts.ts');
  return withCases(cmd, async (store) =>
    reportSourceFromFacts(
      await collectCaseFacts(store, caseId, config),
      store.log,
      toolVersion(),
      new Date(),
    ),
  );
}
