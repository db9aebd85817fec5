// Decodes protobuf request bodies of built-in kinds into the same plain objects the JSON path
// produces, so defaulting, validation and storage do not care how a body arrived.
import { ProtobufDecodeError } from './decode-error.js';
import { openEnvelope, protoErrorText } from './envelope.js';
import { UNKNOWN } from './go-wire-types.js';
import { buildMessageTypes, type MessageTypes } from './message-types.js';
import { GoJsonConverter } from './to-json.js';
import type { ProtobufMessageSpec } from '../schema/protobuf-types.js';

export interface DecodedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: Record<string, unknown>;
}

/** Unserved group versions whose message is field for field the one of a served version. */
const SAME_MESSAGE_AS: ReadonlyMap<string, string> = new Map([['policy/v1beta1 Eviction', 'policy/v1']]);

export class ProtobufDecoder {
  private readonly types: MessageTypes;
  private readonly json: GoJsonConverter;

  constructor(
    messages: Readonly<Record<string, ProtobufMessageSpec>>,
    private readonly definitionForKind: (apiVersion: string, kind: string) => string | undefined,
  ) {
    this.types = buildMessageTypes(messages);
    this.json = new GoJsonConverter(this.types);
  }

  /** Whether objects of this kind can arrive as protobuf. */
  supports(apiVersion: string, kind: string): boolean {
    const def = this.definitionForKind(apiVersion, kind);
    return !!def && !!this.types.typeOf(def);
  }

  /**
   * meta.k8s.io kinds (DeleteOptions, ...) may arrive under their own group version; versions
   * that are not served but still decoded (policy/v1beta1 Eviction) use the message they share.
   */
  private definitionFor(apiVersion: string, kind: string): string | undefined {
    const def = this.definitionForKind(SAME_MESSAGE_AS.get(`${apiVersion} ${kind}`) ?? apiVersion, kind);
    if (def || (apiVersion !== 'meta.k8s.io/v1' && apiVersion !== 'meta.k8s.io/v1beta1')) return def;
    const meta = `io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`;
    return this.types.typeOf(meta) ? meta : undefined;
  }

  /**
   * An enveloped body -> { apiVersion, kind, object } with apiVersion and kind first in the
   * object, as in JSON. Throws ProtobufDecodeError for anything that is not a valid body.
   */
  decode(body: Uint8Array): DecodedObject {
    const env = openEnvelope(this.types.typeOf(UNKNOWN)!, body);
    const fail = (message: string) => new ProtobufDecodeError(message, env.kind || undefined, env.apiVersion);
    if (env.contentEncoding) throw fail(`unsupported content encoding ${JSON.stringify(env.contentEncoding)}`);
    if (!env.kind) throw new ProtobufDecodeError("Object 'Kind' is missing");
    const def = this.definitionFor(env.apiVersion, env.kind);
    const type = def ? this.types.typeOf(def) : undefined;
    if (!def || !type) {
      throw fail(`no kind ${JSON.stringify(env.kind)} is registered for version ${JSON.stringify(env.apiVersion)}`);
    }
    let msg: Record<string, unknown>;
    let fields: Record<string, unknown>;
    try {
      msg = type.decode(env.raw) as unknown as Record<string, unknown>;
      fields = this.json.message(def, msg) as Record<string, unknown>;
    } catch (e) {
      throw fail(e instanceof ProtobufDecodeError ? e.message : protoErrorText(e));
    }
    return { apiVersion: env.apiVersion, kind: env.kind, object: { apiVersion: env.apiVersion, kind: env.kind, ...fields } };
  }
}
