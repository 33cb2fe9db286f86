import type { PgPool } from '@wfo/db';
import { commitCheckpointSql, commitCheckpointsSql, type CheckpointWrite, type CommittedCheckpoint } from './step-sql';

interface Pending {
  readonly write: CheckpointWrite;
  readonly resolve: (committed: CommittedCheckpoint | null) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit of one worker's checkpoints: a checkpoint is sent at once when none is on its way (no added latency
 * when the worker is quiet); checkpoints that arrive while `maxInFlight` are on their way wait and then go together
 * in ONE statement and one transaction (`commitCheckpointsSql`), so 200 steps in flight do not cost 200 commits.
 * Each checkpoint keeps its own compare-and-set. A batch never holds two checkpoints of one process (the second waits
 * for the next batch). If a batch fails, its checkpoints are retried one by one, so an error (a value Postgres
 * refuses) reaches only the step that caused it.
 */
export class CheckpointBatcher {
  private readonly waiting: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly pool: PgPool,
    /** Statements on their way at once. @defaultValue 2 */
    private readonly maxInFlight = 2,
    /** Checkpoints per statement at most. @defaultValue 64 */
    private readonly maxBatch = 64,
  ) {}

  commit(write: CheckpointWrite): Promise<CommittedCheckpoint | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ write, resolve, reject });
      if (this.inFlight < this.maxInFlight) void this.send();
    });
  }

  private async send(): Promise<void> {
    this.inFlight += 1;
    try {
      while (this.waiting.length > 0) {
        const batch = this.takeBatch();
        if (batch.length === 1) {
          const [one] = batch;
          await commitCheckpointSql(
            this.pool,
            one!.write.processId,
            one!.write.expected,
            one!.write.row,
            one!.write.stateJson,
            one!.write.process,
          ).then(one!.resolve, one!.reject);
          continue;
        }
        try {
          const answers = await commitCheckpointsSql(
            this.pool,
            batch.map((p) => p.write),
          );
          batch.forEach((p, i) => p.resolve(answers[i] ?? null));
        } catch {
          // Nothing of the batch was committed (one statement): each one alone, so each gets its own answer.
          for (const p of batch) {
            const { processId, expected, row, stateJson, process } = p.write;
            await commitCheckpointSql(this.pool, processId, expected, row, stateJson, process).then(
              p.resolve,
              p.reject,
            );
          }
        }
      }
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Up to `maxBatch` waiting checkpoints of distinct processes, oldest first. */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < this.waiting.length && batch.length < this.maxBatch;) {
      const p = this.waiting[i]!;
      const key = p.write.processId.toLowerCase();
      if (seen.has(key)) {
        i += 1;
        continue;
      }
      seen.add(key);
      batch.push(p);
      this.waiting.splice(i, 1);
    }
    return batch;
  }
}
