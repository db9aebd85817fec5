// Request bodies: size limit, media types, JSON and YAML parsing into plain values. The `yaml`
// library (~250 KB of code) loads on the first YAML body, not at start-up.
import type { IncomingMessage } from 'node:http';
import { newBadRequest, newTooLarge, newUnsupportedMediaType, StatusError } from '../../api/errors.js';

/** Upstream's limit for one request body. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      reject(newTooLarge(`Request entity too large: limit is ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(newTooLarge(`Request entity too large: limit is ${limit}`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) {
        failed = true;
        reject(e);
      }
    });
  });
}

export function mediaType(req: IncomingMessage): string {
  const ct = req.headers['content-type'];
  if (!ct) return '';
  return ct.split(';')[0]!.trim().toLowerCase();
}

export const JSON_TYPES = new Set(['application/json', '']);
export const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']);
export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';
export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
  applyCbor: 'application/apply-patch+cbor',
} as const;

/** Parse a body as JSON or YAML, by media type. Always a 400 on malformed input. */
export async function parseStructured(body: Buffer, type: string): Promise<unknown> {
  if (JSON_TYPES.has(type) || type === PATCH_TYPES.json || type === PATCH_TYPES.merge || type === PATCH_TYPES.strategic) {
    return parseJson(body);
  }
  if (YAML_TYPES.has(type) || type === PATCH_TYPES.apply) return parseYaml(body);
  throw unsupported(type, ['application/json', 'application/yaml', PROTOBUF_TYPE]);
}

/** Deeper bodies are refused before any recursive code sees them (Go's decoder stops at 10000). */
export const MAX_NESTING = 1000;

/** Throws 400 when a parsed value nests objects/arrays deeper than MAX_NESTING (iteratively). */
export function checkNesting(v: unknown): void {
  const stack: Array<[unknown, number]> = [[v, 1]];
  while (stack.length) {
    const [cur, depth] = stack.pop()!;
    if (cur === null || typeof cur !== 'object') continue;
    if (depth > MAX_NESTING) throw newBadRequest(`the request body nests deeper than ${MAX_NESTING} levels`);
    for (const child of Array.isArray(cur) ? cur : Object.values(cur)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}

export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw newBadRequest('the body of the request was empty');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw newBadRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (${(e as Error).message})`);
  }
  // Each level takes an opening and a closing bracket: a shorter text cannot nest too deep.
  if (text.length > 2 * MAX_NESTING) checkNesting(v);
  // Only a \uD800-\uDFFF escape can produce a lone surrogate; raw bytes were already decoded.
  return SURROGATE_ESCAPE.test(text) ? wellFormedStrings(v) : v;
}

const SURROGATE_ESCAPE = /\\[uU]0{0,4}[dD][89a-fA-F]/;

/**
 * Replaces each lone surrogate in the strings and keys of a parsed value with U+FFFD, as Go's
 * decoder does: a name must be the same string in the object and in its storage key.
 */
function wellFormedStrings(v: unknown): unknown {
  const root: Record<string, unknown> = { v };
  const stack: Array<Record<string, unknown>> = [root];
  while (stack.length) {
    const cur = stack.pop()!;
    // Arrays too: their keys are indices, always well formed.
    for (const key of Object.keys(cur)) {
      const value = typeof cur[key] === 'string' ? (cur[key] as string).toWellFormed() : cur[key];
      if (key.isWellFormed()) cur[key] = value;
      else {
        delete cur[key];
        cur[key.toWellFormed()] = value;
      }
      if (value !== null && typeof value === 'object') stack.push(value as Record<string, unknown>);
    }
  }
  return root.v;
}

/** The YAML parser recurses per level; deeper documents are refused before it runs. */
export const MAX_YAML_NESTING = 400;

/**
 * An upper bound of a YAML text's nesting: open flow brackets outside quoted scalars plus the
 * depth of block indentation. Cheap, and never smaller than the real depth.
 */
export function yamlNestingBound(text: string): number {
  let flow = 0;
  let maxFlow = 0;
  let quote = '';
  const indents: number[] = [];
  let maxBlock = 0;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      dashes = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '-' || c === '\t') {
        if (c === '-') dashes++;
        indent++;
        continue;
      }
      lineStart = false;
      if (c !== '#') {
        while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        // Each "- " opening a line's content is one more sequence level.
        if (indents.length + dashes > maxBlock) maxBlock = indents.length + dashes;
      }
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      flow++;
      if (flow > maxFlow) maxFlow = flow;
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return maxFlow + maxBlock;
}

export async function parseYaml(body: Buffer): Promise<unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') throw newBadRequest('the body of the request was empty');
  if (yamlNestingBound(text) > MAX_YAML_NESTING) {
    throw newBadRequest(`error converting YAML to JSON: yaml: the document nests deeper than ${MAX_YAML_NESTING} levels`);
  }
  const { parseDocument } = await import('./yaml-library.js');
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    throw newBadRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
  if (doc.errors.length) {
    throw newBadRequest(`error converting YAML to JSON: yaml: ${doc.errors[0]!.message.split('\n')[0]}`);
  }
  let v: unknown;
  try {
    v = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw newBadRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
  checkNesting(v);
  return SURROGATE_ESCAPE.test(text) ? wellFormedStrings(v) : v;
}

export function unsupported(type: string, accepted: readonly string[]): StatusError {
  return newUnsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
