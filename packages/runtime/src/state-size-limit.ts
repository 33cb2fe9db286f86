import type { State } from '@wfo/engine';

/** How large a process's state may grow, as JSON bytes in its step row. */
export interface StateSizeLimits {
  /** Above this, the checkpoint still commits but a warning is logged. @defaultValue 1 MiB */
  readonly warnBytes: number;
  /** Above this, the step fails with `StateTooLargeError` instead of storing it. @defaultValue 16 MiB */
  readonly maxBytes: number;
}

/** The limits, and who hears about a state above the warning threshold. */
export interface StateSizePolicy extends StateSizeLimits {
  readonly onLargeState?: (bytes: number, where: { processId: string; stepName?: string }) => void;
}

const MiB = 1024 * 1024;

export const DEFAULT_STATE_SIZE_LIMITS: StateSizeLimits = { warnBytes: MiB, maxBytes: 16 * MiB };

/** A step's state is larger than the hard limit: the step fails with this, its state is not stored. */
export class StateTooLargeError extends Error {
  override readonly name = 'StateTooLargeError';

  constructor(
    /** Null when the state is too large to serialise at all (beyond JavaScript's longest string). */
    readonly bytes: number | null,
    readonly maxBytes: number,
  ) {
    super(
      `The process state would be ${bytes === null ? 'larger than JavaScript can serialise' : formatBytes(bytes)} as JSON, over the limit of ${formatBytes(maxBytes)} ` +
        '(WFO_STATE_MAX_BYTES): keep large data out of the state (store it elsewhere and keep a reference, or ' +
        'return only what later steps need), then retry',
    );
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/**
 * The check itself, pure: `ok`, `large` (above the warning threshold), or a throw above the hard limit.
 * @throws StateTooLargeError
 */
export function checkStateSize(bytes: number, limits: StateSizeLimits): 'ok' | 'large' {
  if (bytes > limits.maxBytes) throw new StateTooLargeError(bytes, limits.maxBytes);
  return bytes > limits.warnBytes ? 'large' : 'ok';
}

/**
 * A step row's state as the JSON the checkpoint stores, checked against the limits: where the checkpoint serialises
 * the state, so the check costs no second serialisation.
 * @throws StateTooLargeError
 */
export function stateJsonWithinLimits(
  state: State,
  policy: StateSizePolicy,
  where: { processId: string; stepName?: string },
): string {
  let json: string;
  try {
    json = JSON.stringify(state);
  } catch (err) {
    if (err instanceof RangeError && /string length/i.test(err.message))
      throw new StateTooLargeError(null, policy.maxBytes);
    throw err;
  }
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most states are far below the threshold, measured without a scan.
  if (json.length * 3 <= policy.warnBytes) return json;
  const bytes = Buffer.byteLength(json, 'utf8');
  if (checkStateSize(bytes, policy) === 'large') policy.onLargeState?.(bytes, where);
  return json;
}
