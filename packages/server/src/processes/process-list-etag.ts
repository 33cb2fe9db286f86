import { crc32 } from 'node:zlib';

/**
 * orchestrator-core's entity tag of a process list: CRC32 over each process's uuid (16 bytes) and its
 * `last_modified_at` as a float64 of epoch seconds (little-endian, Python's native `struct.pack("d")`), in list
 * order, written as Python's `hex()`. Same rows, same tag as orchestrator-core.
 */
export function processListEtag(rows: readonly { process_id: string; last_modified_at: number }[]): string {
  let checksum = 0;
  const time = Buffer.alloc(8);
  for (const row of rows) {
    checksum = crc32(Buffer.from(row.process_id.replace(/-/g, ''), 'hex'), checksum);
    time.writeDoubleLE(row.last_modified_at);
    checksum = crc32(time, checksum);
  }
  return `0x${checksum.toString(16)}`;
}

/**
 * Whether `If-None-Match` names this tag. orchestrator-core compares the raw header with the bare hex (`0x…`);
 * standard clients send the ETag back as received (`W/"0x…"`): both match.
 */
export function matchesIfNoneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((token) => {
    const bare = token
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
    return bare === tag || bare === '*';
  });
}
