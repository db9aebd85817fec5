// The ASN.1 libraries the self-signed serving certificate is built with, for a dynamic import
// (loaded only when no certificate is given). Going through this module, not
// `import('@peculiar/asn1-schema')`, keeps the named exports when the bundler turns the CommonJS
// packages into a lazily loaded chunk.
export { AsnConvert, OctetString } from '@peculiar/asn1-schema';
export * as x509 from '@peculiar/asn1-x509';
