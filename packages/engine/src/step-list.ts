import { isStep, type Step } from './step';

/**
 * An ordered list of steps: orchestrator-core's `StepList`, composed with `steps(a, b, c)` (its `a >> b >> c`).
 * It deliberately has no `then` method, so `await` on a StepList is never mistaken for a promise.
 */
export class StepList implements Iterable<Step> {
  readonly steps: readonly Step[];

  constructor(items: readonly Step[] = []) {
    this.steps = Object.freeze([...items]);
  }

  get length(): number {
    return this.steps.length;
  }

  [Symbol.iterator](): Iterator<Step> {
    return this.steps[Symbol.iterator]();
  }

  /** The names, for error messages and the `workflows` endpoint. */
  names(): string[] {
    return this.steps.map((s) => s.name);
  }

  toString(): string {
    return `StepList [${this.names().join(', ')}]`;
  }
}

export function isStepList(value: unknown): value is StepList {
  return value instanceof StepList;
}

/** Compose steps and step lists into one flat list (associative; `begin` is its neutral element). */
export function steps(...items: Array<Step | StepList>): StepList {
  const flat: Step[] = [];
  for (const item of items) {
    if (isStepList(item)) flat.push(...item.steps);
    else if (isStep(item)) flat.push(item);
    else {
      const name = typeof item === 'function' ? ` with name ${(item as { name?: string }).name ?? ''}` : '';
      throw new TypeError(`Expected a step or a StepList, got ${typeof item}${name} instead.`);
    }
  }
  return new StepList(flat);
}

/** A single step or a list, as a list. */
export function toStepList(item: Step | StepList): StepList {
  return steps(item);
}
