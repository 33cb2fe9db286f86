/** A process state: a JSON object. Steps receive it whole and return the keys they change. */
export type State = Record<string, unknown>;
