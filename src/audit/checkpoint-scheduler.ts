/**
 * Signs checkpoints on a schedule (the server does it every 10 s when the log grew).
 */
import type { AuditLog, SignCheckpointResult } from './audit-log.ts';
import type { CheckpointPublisher } from './checkpoint-publisher.ts';
import type { NoteSigner } from './signed-note.ts';

/** Default interval between checkpoint attempts (issue 3). */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;

export interface CheckpointSchedule {
  /** Stops the timer and waits for a signing in progress. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, signs a checkpoint if the log grew since the last one. Runs never overlap.
 * Errors (including publish failures and refusals) go to `onError`; the schedule keeps running.
 *
 * @example
 * const schedule = scheduleCheckpoints(log, { signer, publishers, onError: (e) => logger.error(e) });
 * // on shutdown:
 * await schedule.stop();
 */
export function scheduleCheckpoints(
  log: AuditLog,
  options: {
    signer: NoteSigner;
    publishers?: readonly CheckpointPublisher[];
    intervalMs?: number;
    onError?: (err: Error) => void;
    onSigned?: (result: SignCheckpointResult) => void;
  },
): CheckpointSchedule {
  let running: Promise<void> | undefined;
  let lastSize = -1;
  const tick = async () => {
    const size = await log.size();
    if (size === lastSize) return;
    const result = await log.signCheckpoint(options.signer, options.publishers ?? []);
    lastSize = result.size;
    for (const e of result.publishErrors) options.onError?.(e);
    if (result.created) options.onSigned?.(result);
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((err: unknown) =>
        options.onError?.(err instanceof Error ? err : new Error(String(err))),
      )
      .finally(() => {
        running = undefined;
      });
  }, options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
