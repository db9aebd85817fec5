// The parts of the `yaml` library the request-body parsers use, for a dynamic import: a YAML body
// loads it on first use. Going through this module (not `import('yaml')`) keeps the named exports
// when the bundler turns the CommonJS package into a lazily loaded chunk.
export { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
