// YAML bodies with repeated mapping keys. The usual parser (body.ts) refuses them outright; under
// fieldValidation Warn or Ignore upstream accepts them (the last value wins) and Strict names them
// all, in Go's yaml wording: `line 5: key "name" already set in map`.
import type { LineCounter, Node } from 'yaml';
import { newBadRequest } from '../../api/errors.js';
import { checkNesting, MAX_YAML_NESTING, YAML_TYPES, yamlNestingBound } from './body.js';

export const isYamlMediaType = (type: string): boolean => YAML_TYPES.has(type);

export interface YamlWithDuplicates {
  readonly value: unknown;
  /** `line N: key "k" already set in map`, in document order. */
  readonly duplicates: readonly string[];
}

type YamlLibrary = typeof import('./yaml-library.js');

/**
 * Parses like body.ts's parseYaml, but keeps the last of repeated keys and reports them. The
 * `yaml` library loads on the first call.
 */
export async function parseYamlAllowingDuplicates(body: Buffer): Promise<YamlWithDuplicates> {
  const text = body.toString('utf8');
  if (text.trim() === '') throw newBadRequest('the body of the request was empty');
  if (yamlNestingBound(text) > MAX_YAML_NESTING) {
    throw newBadRequest(`error converting YAML to JSON: yaml: the document nests deeper than ${MAX_YAML_NESTING} levels`);
  }
  const yaml = await import('./yaml-library.js');
  const { LineCounter, parseDocument } = yaml;
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  if (doc.errors.length) throw newBadRequest(`error converting YAML to JSON: yaml: ${doc.errors[0]!.message.split('\n')[0]}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw newBadRequest(`error converting YAML to JSON: ${(e as Error).message}`);
  }
  checkNesting(value);
  const duplicates: string[] = [];
  walk(yaml, doc.contents as Node | null, lines, duplicates);
  return { value, duplicates };
}

function walk(yaml: YamlLibrary, node: Node | null, lines: LineCounter, out: string[]): void {
  const { isMap, isPair, isScalar, isSeq } = yaml;
  if (!node) return;
  if (isSeq(node)) {
    for (const item of node.items) walk(yaml, item as Node, lines, out);
    return;
  }
  if (!isMap(node)) return;
  const seen = new Set<string>();
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const key = pair.key as Node | null;
    const name = isScalar(key) ? String(key.value) : JSON.stringify(key?.toJSON() ?? null);
    if (seen.has(name) && key?.range) out.push(`line ${lines.linePos(key.range[0]).line}: key ${JSON.stringify(name)} already set in map`);
    seen.add(name);
    walk(yaml, pair.value as Node | null, lines, out);
  }
}
