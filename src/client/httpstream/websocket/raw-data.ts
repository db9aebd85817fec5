// ws hands a message over as a Buffer, an ArrayBuffer or (when fragmented) a Buffer list.
import type { RawData } from 'ws';

export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
