import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';

/** APScheduler's trigger names (reference §4.2). */
export const TRIGGERS = ['interval', 'cron', 'date'] as const;
export type TriggerKind = (typeof TRIGGERS)[number];

/** When a schedule fires, as BullMQ's job schedulers (or one delayed job) express it. */
export type Timer =
  | { readonly kind: 'every'; readonly everyMs: number; readonly startDate?: number; readonly endDate?: number }
  | {
      readonly kind: 'cron';
      readonly pattern: string;
      readonly tz?: string;
      readonly startDate?: number;
      readonly endDate?: number;
    }
  | { readonly kind: 'once'; readonly at: number };

/** Trigger arguments that do not make a schedule (answered 422). */
export class InvalidTriggerError extends Error {
  override readonly name = 'InvalidTriggerError';
}

const date = z.union([z.string().min(1), z.number()]).transform((value, ctx) => {
  // A number is epoch seconds (WFO's REST datetimes); a string any ISO 8601 date-time.
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a date: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});
const timezone = z.string().refine(isTimeZone, { message: 'not an IANA time zone (e.g. Europe/Amsterdam)' });
const amount = z.number().nonnegative();
const cronField = z.union([z.number().int().nonnegative(), z.string().min(1).max(100)]);

const INTERVAL = z
  .object({
    weeks: amount.optional(),
    days: amount.optional(),
    hours: amount.optional(),
    minutes: amount.optional(),
    seconds: amount.optional(),
    start_date: date.optional(),
    end_date: date.optional(),
    timezone: timezone.optional(),
  })
  .strict();
const CRON = z
  .object({
    year: cronField.optional(),
    month: cronField.optional(),
    day: cronField.optional(),
    week: cronField.optional(),
    day_of_week: cronField.optional(),
    hour: cronField.optional(),
    minute: cronField.optional(),
    second: cronField.optional(),
    start_date: date.optional(),
    end_date: date.optional(),
    timezone: timezone.optional(),
  })
  .strict();
const DATE = z.object({ run_date: date, timezone: timezone.optional() }).strict();

/**
 * The timer of a trigger and its APScheduler keyword arguments: `interval` (weeks … seconds, start_date,
 * end_date), `cron` (month, day, day_of_week, hour, minute, second, start_date, end_date, timezone; fields finer
 * than the finest given default to their minimum, coarser ones to `*`, as in APScheduler; day_of_week 0 is
 * Monday), `date` (run_date). Throws `InvalidTriggerError` naming every problem.
 */
export function timerOf(trigger: TriggerKind, kwargs: Record<string, unknown>): Timer {
  switch (trigger) {
    case 'interval': {
      const k = parse(INTERVAL, kwargs, trigger);
      const everyMs =
        ((k.weeks ?? 0) * 7 * 86_400 +
          (k.days ?? 0) * 86_400 +
          (k.hours ?? 0) * 3600 +
          (k.minutes ?? 0) * 60 +
          (k.seconds ?? 0)) *
        1000;
      if (everyMs < 1000)
        throw new InvalidTriggerError(
          'interval: give an interval of at least one second (weeks, days, hours, minutes, seconds)',
        );
      return { kind: 'every', everyMs: Math.round(everyMs), startDate: k.start_date, endDate: k.end_date };
    }
    case 'cron': {
      const k = parse(CRON, kwargs, trigger);
      if (k.year !== undefined || k.week !== undefined)
        throw new InvalidTriggerError(
          'cron: year and week are not supported; use month, day, day_of_week, hour, minute, second',
        );
      const pattern = cronPattern(k);
      try {
        CronExpressionParser.parse(pattern, { tz: k.timezone });
      } catch (err) {
        throw new InvalidTriggerError(
          `cron: ${err instanceof Error ? err.message : String(err)} (pattern "${pattern}")`,
        );
      }
      return { kind: 'cron', pattern, tz: k.timezone, startDate: k.start_date, endDate: k.end_date };
    }
    case 'date': {
      const k = parse(DATE, kwargs, trigger);
      return { kind: 'once', at: k.run_date };
    }
  }
}

function parse<T extends z.ZodType>(schema: T, kwargs: Record<string, unknown>, trigger: TriggerKind): z.output<T> {
  const result = schema.safeParse(kwargs);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) =>
    i.code === 'unrecognized_keys'
      ? `unknown argument(s) ${i.keys.join(', ')}`
      : `${i.path.join('.') || 'trigger_kwargs'}: ${i.message}`,
  );
  throw new InvalidTriggerError(`${trigger}: ${problems.join('; ')}`);
}

// Most significant first, as APScheduler orders them (year and week are refused above).
const FIELDS = ['month', 'day', 'day_of_week', 'hour', 'minute', 'second'] as const;
const MINIMUM: Record<(typeof FIELDS)[number], string> = {
  month: '1',
  day: '1',
  day_of_week: '*',
  hour: '0',
  minute: '0',
  second: '0',
};

/** A six-field cron pattern (second minute hour day month day-of-week) from APScheduler's cron fields. */
function cronPattern(k: Partial<Record<(typeof FIELDS)[number], string | number>>): string {
  const given = FIELDS.map((f) => k[f] !== undefined);
  const finest = given.lastIndexOf(true);
  if (finest === -1)
    throw new InvalidTriggerError('cron: give at least one of month, day, day_of_week, hour, minute, second');
  const value = (f: (typeof FIELDS)[number], i: number): string => {
    const v = k[f];
    if (v !== undefined) return f === 'day_of_week' ? cronDayOfWeek(String(v)) : String(v);
    return i < finest ? '*' : MINIMUM[f];
  };
  const [month, day, dow, hour, minute, second] = FIELDS.map(value);
  return `${second} ${minute} ${hour} ${day} ${month} ${dow}`;
}

/** APScheduler numbers days from Monday (0) to Sunday (6); cron from Sunday (0). Names pass through. */
function cronDayOfWeek(value: string): string {
  const shift = (n: string) => String((Number(n) + 1) % 7);
  return value
    .split(',')
    .flatMap((part) => {
      const range = /^(\d)-(\d)$/.exec(part);
      if (range) {
        const [from, to] = [Number(range[1]), Number(range[2])];
        const days: string[] = [];
        for (let d = from; d <= to; d++) days.push(shift(String(d)));
        return days;
      }
      return /^\d$/.test(part) ? [shift(part)] : [part];
    })
    .join(',');
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The next time a timer fires after `now` (epoch ms), or null when it never will again. */
export function nextFireTime(timer: Timer, now: number, anchor: number): number | null {
  switch (timer.kind) {
    case 'once':
      return timer.at;
    case 'every': {
      if (timer.endDate !== undefined && now > timer.endDate) return null;
      const start = timer.startDate ?? anchor;
      if (now < start) return start;
      return start + Math.floor((now - start) / timer.everyMs + 1) * timer.everyMs;
    }
    case 'cron': {
      const from = Math.max(now, timer.startDate ?? now);
      const next = CronExpressionParser.parse(timer.pattern, { tz: timer.tz, currentDate: new Date(from) })
        .next()
        .getTime();
      return timer.endDate !== undefined && next > timer.endDate ? null : next;
    }
  }
}
