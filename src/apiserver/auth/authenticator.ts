// Request authentication, modelled on k8s.io/apiserver's authenticators.
//
// An Authenticator returns the user behind a request, null when the request carries no
// credentials it understands (anonymous as far as it is concerned), or throws a 401 StatusError
// when it carries credentials that are wrong (an unknown bearer token, an untrusted client cert).
// The server decides which paths anonymous requests may use.
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { newUnauthorized, StatusError } from '../../api/errors.js';

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface AuthRequest {
  /** Absent for a bearer token alone (a TokenReview). */
  socket?: TLSSocket;
  headers: IncomingHttpHeaders;
  /** The audiences the credentials must be good for (a TokenReview's); default: the API audiences. */
  audiences?: readonly string[];
}

/** A user, with the audiences its credentials were found good for where the authenticator checks them. */
export type AuthenticatedUser = UserInfo & { readonly audiences?: readonly string[] };

export interface Authenticator {
  /** The user, or null for no (recognised) credentials. Throws a 401 StatusError for bad credentials. */
  authenticate(req: AuthRequest): AuthenticatedUser | null;
}

/**
 * Credentials an authenticator recognises and refuses: a 401 like any other, and `why` in the
 * words of upstream's authenticator, which a TokenReview reports.
 */
export class RejectedCredentials extends StatusError {
  constructor(readonly why: string) {
    super(401, 'Unauthorized', 'Unauthorized');
  }
  // StatusError's brand check would take any StatusError for one of these.
  static override [Symbol.hasInstance](v: unknown): boolean {
    return v instanceof StatusError && typeof (v as { why?: unknown }).why === 'string';
  }
}

export const AUTHENTICATED_GROUP = 'system:authenticated';
export const ANONYMOUS_USER = 'system:anonymous';
export const UNAUTHENTICATED_GROUP = 'system:unauthenticated';

/** The user the server assumes for requests without credentials, where it allows them. */
export const anonymousUser = (): UserInfo => ({ username: ANONYMOUS_USER, groups: [UNAUTHENTICATED_GROUP] });

/** Adds system:authenticated, as upstream's AuthenticatedGroupAdder does (not for system:anonymous). */
export function withAuthenticatedGroup(u: UserInfo): UserInfo {
  if (u.username === ANONYMOUS_USER || u.groups.includes(AUTHENTICATED_GROUP)) return u;
  return { ...u, groups: [...u.groups, AUTHENTICATED_GROUP] };
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * X.509 client certificates verified by the TLS layer against the client CA (the server runs
 * with requestCert: true, rejectUnauthorized: false, ca: [clientCA]). Username = subject CN,
 * groups = subject O values.
 */
export class ClientCertAuthenticator implements Authenticator {
  /** The peer certificate is fixed for a connection: the answer is computed once per socket. */
  private readonly bySocket = new WeakMap<object, UserInfo | null>();

  authenticate(req: AuthRequest): UserInfo | null {
    const socket = req.socket;
    if (!socket || typeof socket.getPeerCertificate !== 'function') return null; // plain HTTP, or a token alone
    const known = this.bySocket.get(socket);
    if (known !== undefined) return known;
    const user = this.fromSocket(socket);
    this.bySocket.set(socket, user);
    return user;
  }

  private fromSocket(socket: TLSSocket): UserInfo | null {
    const cert = socket.getPeerCertificate();
    if (!cert || Object.keys(cert).length === 0) return null; // no client certificate presented
    if (!socket.authorized) {
      // Presented but not trusted (unknown CA, expired, wrong purpose...): upstream fails the request.
      throw newUnauthorized();
    }
    const subject = cert.subject ?? {};
    const cn = asList(subject.CN)[0] ?? '';
    if (!cn) return null; // upstream: no common name, no user
    return withAuthenticatedGroup({ username: cn, groups: asList(subject.O) });
  }
}

const WS_PROTOCOL_PREFIX = 'base64url.bearer.authorization.k8s.io.';

/**
 * The bearer token of a request: `Authorization: Bearer <token>`, or (for browser websockets,
 * as upstream) a `base64url.bearer.authorization.k8s.io.<token>` Sec-WebSocket-Protocol entry on a
 * websocket upgrade request. The server must not echo that subprotocol back to the client.
 */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization?.trim();
  if (auth) {
    const parts = auth.split(' ');
    if (parts.length >= 2 && parts[0]!.toLowerCase() === 'bearer' && parts[1]) return parts[1];
  }
  // Only websocket upgrade requests may carry the token in a subprotocol (upstream's wsstream check).
  const isWebSocket =
    headers.upgrade?.toLowerCase() === 'websocket' &&
    (headers.connection ?? '').split(',').some((v) => v.trim().toLowerCase() === 'upgrade');
  const proto = headers['sec-websocket-protocol'];
  if (isWebSocket && typeof proto === 'string' && proto.includes(WS_PROTOCOL_PREFIX)) {
    for (const p of proto.split(',')) {
      const v = p.trim();
      if (v.startsWith(WS_PROTOCOL_PREFIX)) {
        const encoded = v.slice(WS_PROTOCOL_PREFIX.length);
        if (!encoded) return undefined;
        return Buffer.from(encoded, 'base64url').toString('utf8');
      }
    }
  }
  return undefined;
}

export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

/** Splits CSV text into records like Go's encoding/csv (RFC 4180, blank lines skipped). */
function parseCsv(text: string, file: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  const fail = (msg: string, l: number): never => {
    throw new TokenFileError(`token file '${file}': line ${l}: ${msg}`);
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1; // BOM
  while (i < n) {
    // Blank lines (\n or \r\n) are skipped.
    if (text[i] === '\n') {
      i++;
      line++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) fail('extraneous or missing " in quoted-field', startLine);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          if (c === '\r' && text[i + 1] === '\n') {
            i++;
            continue;
          }
          field += c;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          fail('extraneous or missing " in quoted-field', line);
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') fail('bare " in non-quoted-field', line);
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      // end of record
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    records.push({ line: startLine, fields });
  }
  return records;
}

export interface TokenEntry {
  token: string;
  user: UserInfo;
}

/**
 * Parses upstream's --token-auth-file format: `token,user,uid[,"group1,group2"]` per line.
 * Records with fewer than 3 columns are an error; records with an empty token are skipped;
 * a repeated token takes the last record (upstream warns).
 */
export function parseTokenFile(text: string, file = '<token file>'): { tokens: Map<string, UserInfo>; warnings: string[] } {
  const tokens = new Map<string, UserInfo>();
  const warnings: string[] = [];
  let recordNum = 0;
  for (const { line, fields } of parseCsv(text, file)) {
    if (fields.length < 3) {
      throw new TokenFileError(
        `token file '${file}': line ${line}: must have at least 3 columns (token, user name, user uid), found ${fields.length}`,
      );
    }
    recordNum++;
    const [token, username, uid] = fields as [string, string, string];
    if (token === '') {
      warnings.push(`empty token has been found in token file '${file}', record number '${recordNum}'`);
      continue;
    }
    if (tokens.has(token)) warnings.push(`duplicate token has been found in token file '${file}', record number '${recordNum}'`);
    const user: UserInfo = { username, groups: fields.length >= 4 ? fields[3]!.split(',') : [] };
    if (uid) user.uid = uid;
    tokens.set(token, user);
  }
  return { tokens, warnings };
}

/** Static bearer tokens from a --token-auth-file CSV, loaded once. */
export class TokenFileAuthenticator implements Authenticator {
  readonly warnings: string[];
  private readonly tokens: Map<string, UserInfo>;

  constructor(tokens: Map<string, UserInfo>, warnings: string[] = []) {
    this.tokens = tokens;
    this.warnings = warnings;
  }

  /** Reads and parses the file; throws TokenFileError (with file and line) on a malformed file. */
  static fromFile(file: string): TokenFileAuthenticator {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new TokenFileError(`cannot read token file '${file}': ${(e as Error).message}`);
    }
    const { tokens, warnings } = parseTokenFile(text, file);
    return new TokenFileAuthenticator(tokens, warnings);
  }

  static fromText(text: string, file?: string): TokenFileAuthenticator {
    const { tokens, warnings } = parseTokenFile(text, file);
    return new TokenFileAuthenticator(tokens, warnings);
  }

  get size(): number {
    return this.tokens.size;
  }

  authenticate(req: AuthRequest): UserInfo | null {
    const token = bearerToken(req.headers);
    if (token === undefined) return null;
    const user = this.tokens.get(token);
    if (!user) throw newUnauthorized(); // upstream: "invalid bearer token" → 401 Unauthorized
    return withAuthenticatedGroup({ ...user, groups: [...user.groups] });
  }
}

/**
 * Tries each authenticator in order; the first user wins. If none finds a user and any of them
 * rejected the credentials, the request is 401 Unauthorized; otherwise it is anonymous (null).
 */
export class UnionAuthenticator implements Authenticator {
  private readonly authenticators: Authenticator[];
  constructor(...authenticators: Authenticator[]) {
    this.authenticators = authenticators;
  }
  authenticate(req: AuthRequest): AuthenticatedUser | null {
    let failure: StatusError | undefined;
    for (const a of this.authenticators) {
      try {
        const u = a.authenticate(req);
        if (u) return u;
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        failure ??= e;
      }
    }
    if (failure) throw failure;
    return null;
  }
}
