export { ProtobufDecoder, type DecodedObject } from './decoder.js';
export { ProtobufDecodeError } from './decode-error.js';
export { hasMagic, PROTOBUF_MAGIC } from './envelope.js';
export { ProtobufEncoder } from './encoder.js';
