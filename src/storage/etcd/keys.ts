// Maps storage keys to etcd keys under an optional root prefix, and builds etcd byte ranges.
// Keys are UTF-8; etcd orders keys by bytes, which matches code-point order of the strings.

/** The smallest byte string greater than every string that starts with bytes; [0] means "no end". */
export function bytesPrefixEnd(bytes: Buffer): Buffer {
  const end = Buffer.from(bytes);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  // Empty or all 0xff: etcd reads range_end "\0" as "to the end of the keyspace".
  return Buffer.from([0]);
}

export interface ByteRange {
  readonly key: Buffer;
  readonly range_end: Buffer;
}

export class KeyCodec {
  private readonly rootBytes: Buffer;

  constructor(readonly root: string) {
    this.rootBytes = Buffer.from(root, 'utf8');
  }

  encode(key: string): Buffer {
    // Under a root, keys are separated from it by their leading '/': a root "/a" must not see "/ab...".
    if (this.root && !key.startsWith('/')) throw new Error(`storage key "${key}" must start with "/"`);
    return Buffer.from(this.root + key, 'utf8');
  }

  decode(raw: Buffer): string {
    return raw.subarray(this.rootBytes.length).toString('utf8');
  }

  /** Every key that starts with prefix (an empty prefix: everything under the root). */
  prefixRange(prefix: string): ByteRange {
    const key = this.encode(this.root && prefix === '' ? '/' : prefix);
    // With no root and an empty prefix, "\0".."\0" is etcd's "all keys".
    if (key.length === 0) return { key: Buffer.from([0]), range_end: Buffer.from([0]) };
    return { key, range_end: bytesPrefixEnd(key) };
  }

  /** Keys under prefix that sort strictly after afterKey. */
  rangeAfter(prefix: string, afterKey: string): ByteRange {
    const { range_end } = this.prefixRange(prefix);
    return { key: Buffer.concat([this.encode(afterKey), Buffer.from([0])]), range_end };
  }

  /** A key under the root that storage keys do not use (start with NUL); read only for its revision. */
  probeKey(): Buffer {
    return Buffer.concat([this.rootBytes, Buffer.from([0])]);
  }
}
