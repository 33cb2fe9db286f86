import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUID (version 7 layout) that sorts after every one this process made before: 48 bits of milliseconds, a
 * 12-bit sequence within the millisecond, then randomness. Value rows get these ids so that ordering by id keeps
 * a list field's values in the order they were saved.
 */
export function orderedUuid(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    sequence = 0;
  }
  const random = randomBytes(8);
  const hex =
    ms.toString(16).padStart(12, '0') +
    (0x7000 | sequence).toString(16).padStart(4, '0') +
    ((random[0]! & 0x3f) | 0x80).toString(16).padStart(2, '0') +
    random.subarray(1).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
