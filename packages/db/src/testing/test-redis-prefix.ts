import { randomBytes } from 'node:crypto';

/**
 * A Redis key prefix no other test uses (`wfo-test-<random>`): give it to BullMQ as its `prefix` so queues, jobs and
 * events of parallel test files never meet, and so cleaning up after a test is deleting `<prefix>:*`.
 */
export function createTestRedisPrefix(): string {
  return `wfo-test-${randomBytes(6).toString('hex')}`;
}
