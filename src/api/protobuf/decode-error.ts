// A protobuf body that does not decode; the API server answers it with 400 BadRequest.

export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';

  /** `kind`/`apiVersion`: what the envelope named, once it was read. */
  constructor(
    message: string,
    readonly kind?: string,
    readonly apiVersion?: string,
  ) {
    super(message);
  }
}
