// The profile photo the Graph stand-in serves for a test user: a PNG identicon (a mirrored 5 × 5 pattern in a
// colour of its own) made from the user's object id, so that each person has a stable, different picture.
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

const cells = 5;
const cellSize = 24; // px: 120 × 120, the size of Graph's smallest stored photo but one
const background = [0xf0, 0xf0, 0xf0];

/**
 * A `size` × `size` PNG for `seed` (an object id). The colour and the left half of the pattern come from the
 * seed's SHA-256; the right half mirrors the left, as GitHub's identicons do.
 * @example pictureOf(user.oid) // Buffer starting with the PNG signature
 */
export function pictureOf(seed: string): Buffer {
  const hash = createHash('sha256').update(seed).digest();
  const colour = [hash[0]! & 0x7f, hash[1]! & 0x7f, hash[2]! & 0x7f].map((value) => value + 0x40);
  const filled = (x: number, y: number) => (hash[3 + y * 3 + Math.min(x, cells - 1 - x)]! & 1) === 1;
  const size = cells * cellSize;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0 (None), then RGB
    for (let x = 0; x < size; x++) {
      row.set(filled(Math.floor(x / cellSize), Math.floor(y / cellSize)) ? colour : background, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method variant, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG chunk: length, type, data, and the CRC-32 of type and data (PNG specification, section 5.3). */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
